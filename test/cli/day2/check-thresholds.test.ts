import { startDay2Harness, visible, type Day2Harness } from "./support/harness";
import { DRIFTING, fraudModel, seedModel } from "./support/scenarios";
import { alertQueryTables } from "../../../core/alert-spec";
import { DriftAlerts } from "../../../components/DriftAlerts";
import type { CheckOutput } from "../../../cli/day2/json-output";
import { alertBatchStatement, alertChecks } from "../../../cli/day2/thresholds/alert-batch";
import { ALERT_CONDITION } from "../../../cli/day2/thresholds/alert-condition";
import { renameParameterMarkers } from "../../../cli/day2/parameter-markers";
import {
  alertQueryBeforeMetricTablesSql,
  alertQueryParameters,
  alertQuerySql,
  alertScriptSql,
} from "../../../sql/alert-queries";
import { indent } from "../../../sql/sql-text";
import { inMockRuntime, ofType } from "../../helpers/mock-program";
import { partsOf } from "../../helpers/component-args";

/**
 * check-thresholds against seeded healthy, drifting, stale and broken models: the same SQL the
 * AlertV2s hold, read the way they read it, all models in one statement.
 */

let h: Day2Harness;

beforeAll(async () => {
  h = await startDay2Harness({
    healthy: fraudModel(),
    drifting: fraudModel(),
    stale: fraudModel(),
    broken: fraudModel(),
    plain: fraudModel({ alerting: { queryForm: "statement" } }),
    unrefreshed: fraudModel(),
  });
  await seedModel(h, "healthy");
  await seedModel(h, "drifting", { metrics: DRIFTING });
  await seedModel(h, "stale", { payload: "stale", processed: "stale" });
  await seedModel(h, "broken", { metrics: "missing" });
  await seedModel(h, "plain", { metrics: "missing" });
  await seedModel(h, "unrefreshed", { payload: "stale", processed: "stale", metrics: "missing" });
});
afterAll(() => h.close());
beforeEach(() => h.warehouse.counters.reset());

const byModel = (output: CheckOutput, model: string) =>
  Object.fromEntries(output.checks.filter((c) => c.model === model).map((c) => [c.severity, c]));

describe("check-thresholds", () => {
  it("passes a healthy model with exit 0, evaluating each severity's alert in one statement", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "--model", "healthy", "--json"]);
    expect(run.exitCode).toBe(0);
    const output = run.json<CheckOutput>();
    expect(output).toMatchObject({
      ok: true,
      exitCode: 0,
      summary: { ok: 2, triggered: 0, error: 0 },
      sqlStatements: 1,
    });
    expect(output.checks.map((c) => [c.model, c.severity, c.status, c.violations])).toEqual([
      ["healthy", "warning", "ok", 0],
      ["healthy", "critical", "ok", 0],
    ]);
    expect(h.warehouse.counters.statementsExecuted).toBe(1);
  });

  it("exits 1 on drift, naming each breach under its severity", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "-m", "drifting", "--json"]);
    expect(run.exitCode).toBe(1);
    const checks = byModel(run.json<CheckOutput>(), "drifting");
    expect(checks.critical).toMatchObject({
      status: "triggered",
      violations: 1,
      breaches: ["amount ks_test.pvalue CONSECUTIVE 1 day: 0.001 < 0.01"],
    });
    expect(checks.warning).toMatchObject({
      status: "triggered",
      breaches: ["merchant_category js_distance CONSECUTIVE 1 day: 0.15 > 0.1"],
    });
  });

  it("exits 1 for a stale processed table (the data-quality staleness threshold)", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "-m", "stale", "--json"]);
    expect(run.exitCode).toBe(1);
    const checks = byModel(run.json<CheckOutput>(), "stale");
    expect(checks.warning?.status).toBe("triggered");
    expect(checks.warning?.breaches[0]).toMatch(
      /^:table staleness_hours DATA_QUALITY: 72\.\d+ > 24\.0$/,
    );
    expect(checks.critical?.status).toBe("ok");
  });

  it("reports a model whose metric tables do not exist yet as no data (waiting for first window), not an error, and still evaluates the others", async () => {
    const run = await h.run([
      "check-thresholds",
      "--stack",
      "dev",
      "-m",
      "healthy,drifting,stale,broken",
      "--json",
    ]);
    expect(run.exitCode).toBe(1); // the drifting and stale models
    const output = run.json<CheckOutput>();
    expect(output.summary).toEqual({ ok: 3, triggered: 3, error: 0, noData: 2 });
    for (const check of Object.values(byModel(output, "broken"))) {
      // The script alert's other branch ran: OK, saying what it waits for.
      expect(check).toMatchObject({
        status: "no-data",
        modelStatus: "waiting for first window",
        violations: 0,
      });
      expect(check.message).toMatch(
        /^waiting for first window: ml_dev\.monitoring\.broken_processed_profile_metrics and ml_dev\.monitoring\.broken_processed_drift_metrics do not exist yet; .*run refresh-monitors.*Until then the alerts say so and run only the checks that need no metric table\.$/,
      );
    }
    expect(byModel(output, "healthy").critical).toMatchObject({
      status: "ok",
      modelStatus: "monitoring",
    });
    // One statement for all eight alerts; the missing table named in its error takes out the two
    // alerts that read it, one more statement evaluates the other six, and a third runs the
    // two alerts' script branch for missing metric tables.
    expect(output.sqlStatements).toBe(3);
    const text = await h.run(["check-thresholds", "--stack", "dev", "-m", "broken,healthy"]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/NO DATA +│ broken/);
    expect(text.stdout).toMatch(/All 4 alert\(s\) OK\. 2 OK without data yet/);
  });

  it("counts a breach the script's branch finds before the metric tables exist, and says which checks ran", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "-m", "unrefreshed", "--json"]);
    expect(run.exitCode).toBe(1);
    const { warning } = byModel(run.json<CheckOutput>(), "unrefreshed");
    expect(warning).toMatchObject({ status: "triggered", modelStatus: "waiting for first window" });
    expect(warning?.breaches[0]).toMatch(/^:table staleness_hours DATA_QUALITY: 72\.\d+ > 24\.0$/);
    expect(warning?.message).toMatch(
      /^waiting for first window: .*do not exist yet; .*Until then the alerts say so and run only the checks that need no metric table\.$/,
    );
  });

  it("says a statement alert ends in ERROR until the metric tables exist (queryForm: statement), without failing the run", async () => {
    const run = await h.run([
      "check-thresholds",
      "--stack",
      "dev",
      "-m",
      "plain,healthy",
      "--json",
    ]);
    expect(run.exitCode).toBe(0);
    const output = run.json<CheckOutput>();
    for (const check of Object.values(byModel(output, "plain"))) {
      expect(check).toMatchObject({
        status: "no-data",
        modelStatus: "waiting for first window",
        violations: null,
      });
      expect(check.message).toMatch(
        /do not exist yet; .*Until then each AlertV2 evaluation ends in ERROR \(alerting\.queryForm: statement\)\.$/,
      );
    }
    // The batch, the rest again, and whether plain has processed rows.
    expect(output.sqlStatements).toBe(3);
  });

  it("gives the same result as each alert's own query run alone with its own parameters", async () => {
    const run = await h.run([
      "check-thresholds",
      "--stack",
      "dev",
      "-m",
      "healthy,drifting,stale",
      "--json",
    ]);
    for (const check of run.json<CheckOutput>().checks) {
      const spec = h.spec(check.model);
      const [row] = await h.warehouse.query(
        alertQuerySql(alertQueryTables(spec)),
        alertQueryParameters(spec.name, check.severity),
      );
      expect({
        model: check.model,
        severity: check.severity,
        violations: check.violations,
        breaches: check.breaches.join("; "),
      }).toEqual({
        model: check.model,
        severity: check.severity,
        violations: row?.violations,
        breaches: row?.breaches,
      });
    }
  });

  it("gives, for a model without metric tables, what the AlertV2's script returns when run alone", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "-m", "broken", "--json"]);
    const spec = h.spec("broken");
    for (const check of run.json<CheckOutput>().checks) {
      const [row] = await h.warehouse.query(
        alertScriptSql(alertQueryTables(spec)),
        alertQueryParameters(spec.name, check.severity),
      );
      expect([check.violations, check.breaches.join("; "), check.modelStatus]).toEqual([
        row?.violations,
        row?.breaches,
        row?.model_status,
      ]);
    }
  });

  it("evaluates one severity with --severity", async () => {
    const run = await h.run([
      "check-thresholds",
      "--stack",
      "dev",
      "-m",
      "drifting",
      "--severity",
      "critical",
      "--json",
    ]);
    expect(run.json<CheckOutput>().checks.map((c) => c.severity)).toEqual(["critical"]);
    expect(run.exitCode).toBe(1);
  });

  it("prints a table with the breaches and a verdict", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "-m", "healthy,drifting"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /│ BREACH +│ drifting +│ critical +│ 1 +│ amount ks_test\.pvalue CONSECUTIVE 1 day: 0\.001 < 0\.01/,
    );
    expect(run.stdout).toMatch(/│ OK +│ healthy +│ warning +│ 0 /);
    expect(run.stdout).toMatch(/2 alert\(s\) would trigger, 0 could not be evaluated, 2 OK\.\n$/);
    expect(visible(run.stdout)).not.toMatch(/⎋/); // no colour codes when not on a terminal
  });
});

describe("parity with the deployed alerts", () => {
  it("runs each AlertV2's query text with its parameters and reads it with its evaluation", async () => {
    const spec = h.spec("drifting");
    const { resources } = await inMockRuntime(
      () => new DriftAlerts("drifting-alerts", partsOf(spec).alerts),
    );
    const alerts = ofType(resources, "databricks:index/alertV2:AlertV2");
    const checks = alertChecks([spec]);
    expect(alerts).toHaveLength(checks.length);
    const tables = alertQueryTables(spec);
    const indexes = checks.map((_, i) => i);
    // The script's two branches, and the batch check-thresholds runs for each.
    const branches = [
      { sql: alertQuerySql(tables), before: false },
      { sql: alertQueryBeforeMetricTablesSql(tables), before: true },
    ].map(({ sql, before }) => ({
      sql,
      statement: alertBatchStatement(
        checks.map((check) => ({ ...check, beforeMetricTables: before })),
        indexes,
      ),
    }));
    checks.forEach((check, index) => {
      const alert = alerts.find((a) =>
        (a.inputs.displayName as string).endsWith(`: ${check.severity}`),
      );
      const inputs = alert?.inputs as {
        queryText: string;
        parameters: Array<{ name: string; value: string }>;
        evaluation: unknown;
      };
      const renames = Object.fromEntries(
        inputs.parameters.map((p) => [p.name, `${p.name}_${index}`]),
      );
      expect(inputs.queryText).toBe(alertScriptSql(tables));
      for (const branch of branches) {
        expect(inputs.queryText).toContain(indent(branch.sql, 2));
        expect(branch.statement.sql).toContain(renameParameterMarkers(branch.sql, renames));
        for (const p of inputs.parameters as Array<{ name: string; value: string }>) {
          expect(branch.statement.parameters[`${p.name}_${index}`]).toBe(p.value);
        }
      }
      expect(inputs.evaluation).toMatchObject({
        source: { name: ALERT_CONDITION.source },
        comparisonOperator: ALERT_CONDITION.comparisonOperator,
        threshold: { value: { doubleValue: ALERT_CONDITION.threshold } },
        emptyResultState: ALERT_CONDITION.emptyResultState,
      });
    });
  });
});
