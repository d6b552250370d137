import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { processedTableSpecOf } from "../../core/processed-table-spec";
import { loadProject } from "../../config/load-project";
import { refreshProcessedTableSql } from "../../sql/processed-table";
import { baseModel, baseStack, fixtureProject } from "../helpers/fixture-project";
import { loadFixture, onlyProblem, problemsOf } from "../helpers/load";

/**
 * `inference.modelIdSource`: which model id the processed table gets, and so whether the
 * processing job needs the account-admin-only system table. It is a setting of every layer and
 * reaches the generated refresh SQL.
 */

const SYSTEM_TABLE = "`system`.`serving`.`served_entities`";

function refreshSqlOf(spec: Parameters<typeof processedTableSpecOf>[0] | undefined): string {
  if (!spec) throw new Error("no spec");
  return refreshProcessedTableSql(processedTableSpecOf(spec));
}

describe("inference.modelIdSource", () => {
  it("defaults to the served entity id, so the refresh needs no system table", () => {
    const [spec] = loadFixture().models;
    expect(spec?.inference.modelIdSource).toBe("served_entity_id");
    expect(refreshSqlOf(spec)).not.toContain(SYSTEM_TABLE);
  });

  it("opts into the system table from the model file", () => {
    const model = baseModel({ inference: { modelIdSource: "system_table" } });
    const [spec] = loadFixture({ fraud: model }).models;
    expect(spec?.inference.modelIdSource).toBe("system_table");
    expect(refreshSqlOf(spec)).toContain(`FROM ${SYSTEM_TABLE} AS entity`);
  });

  it("is set by the stack for all models, and per model by the stack's override", () => {
    const stackWide = baseStack({ inference: { modelIdSource: "system_table" } });
    const [all] = loadFixture({ fraud: baseModel() }, stackWide).models;
    expect(all?.inference.modelIdSource).toBe("system_table");

    const perModel = baseStack({
      inference: { modelIdSource: "system_table" },
      models: { fraud: { inference: { modelIdSource: "served_entity_id" } } },
    });
    const [one] = loadFixture({ fraud: baseModel() }, perModel).models;
    expect(one?.inference.modelIdSource).toBe("served_entity_id");
    expect(refreshSqlOf(one)).not.toContain(SYSTEM_TABLE);
  });

  it("comes from the template when no later layer gives it", () => {
    const root = fixtureProject({ fraud: baseModel() });
    const file = path.join(root, "config", "templates", "classification.yaml");
    const template = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    template.inference = { ...(template.inference ?? {}), modelIdSource: "system_table" };
    fs.writeFileSync(file, yaml.dump(template));
    const [spec] = loadProject({ root, stack: "dev", stackConfig: baseStack() }).models;
    expect(spec?.inference.modelIdSource).toBe("system_table");
  });

  it("rejects an unknown source, naming the file, the key and the allowed values", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel() }, baseStack({ inference: { modelIdSource: "registry" } })),
    );
    expect(p).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:inference.modelIdSource",
    });
    expect(p.message).toBe('expected one of "served_entity_id" | "system_table", got "registry"');
  });
});

describe("column comments", () => {
  it("refuse a backslash, which the provider's COMMENT '...' DDL would not escape", () => {
    const features = [
      { name: "amount", type: "double", comment: "Amount in EUR\\cents" },
      { name: "merchant_category", type: "string" },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ features }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "features[0].comment" });
    expect(p.message).toMatch(/may not contain a backslash/);
  });

  it("keep quotes and other text, which the provider escapes", () => {
    const features = [
      { name: "amount", type: "double", comment: 'Amount (it\'s EUR; "gross") -- 100%' },
      { name: "merchant_category", type: "string" },
    ];
    expect(problemsOf({ fraud: baseModel({ features }) })).toEqual([]);
  });
});
