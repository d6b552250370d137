import { alertQueryTables } from "../../core/alert-spec";
import { alertQueryText, alertScriptSql, alertQuerySql } from "../../sql/alert-queries";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture, onlyProblem, problemsOf } from "../helpers/load";

/**
 * `alerting.queryForm`: what each AlertV2 holds. The script (default) says "waiting" until the
 * monitor writes its metric tables; the statement is for a warehouse without SQL scripting. A
 * setting of every layer, reaching the alert's text.
 */

describe("alerting.queryForm", () => {
  it("defaults to the script", () => {
    const [spec] = loadFixture().models;
    if (!spec) throw new Error("no spec");
    expect(spec.alerting.queryForm).toBe("script");
    expect(alertQueryText(alertQueryTables(spec), spec.alerting.queryForm)).toBe(
      alertScriptSql(alertQueryTables(spec)),
    );
  });

  it("is set by the stack for all models, and per model by the stack's override", () => {
    const recipients = ["ml-team@example.com"];
    const stackWide = baseStack({ alerting: { recipients, queryForm: "statement" } });
    const [all] = loadFixture({ fraud: baseModel() }, stackWide).models;
    if (!all) throw new Error("no spec");
    expect(all.alerting.queryForm).toBe("statement");
    expect(alertQueryText(alertQueryTables(all), all.alerting.queryForm)).toBe(
      alertQuerySql(alertQueryTables(all)),
    );
    const perModel = baseStack({
      alerting: { recipients, queryForm: "statement" },
      models: { fraud: { alerting: { queryForm: "script" } } },
    });
    expect(loadFixture({ fraud: baseModel() }, perModel).models[0]?.alerting.queryForm).toBe(
      "script",
    );
  });

  it("rejects an unknown form, naming the file, the key and the allowed values", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ alerting: { queryForm: "sql" } }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "alerting.queryForm" });
    expect(p.message).toBe('expected one of "script" | "statement", got "sql"');
  });
});
