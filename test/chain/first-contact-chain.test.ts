// The warehouse (inside the harness) first: it makes the driver loadable under Jest.
import { startDay2Harness, WAREHOUSE_ID, type Day2Harness } from "../cli/day2/support/harness";
import { fraudModel } from "../cli/day2/support/scenarios";
import { closeSharedRestClients } from "../../databricks-client/rest";
import { closeSharedSqlRunners } from "../../databricks-client/sql-session";
import type {
  CheckOutput,
  DriftOutput,
  RefreshOutput,
  ValidateOutput,
} from "../../cli/day2/json-output";
import type { PreflightOutput } from "../../cli/day2/preflight/output-schema";
import {
  EMPTY_TABLE_REFRESH_MESSAGE,
  PESSIMISTIC_FIRST_CONTACT,
  type FirstContactSwitches,
} from "../support/fake-workspace/first-contact";
import type { Strictness } from "../support/fake-workspace";
import {
  alertEvaluations,
  configureProviders,
  day2,
  deploy,
  firstRequests,
  mirrorMetricTables,
  nextUpChanges,
  processingRun,
  pulumiRefresh,
  scheduledRefresh,
} from "./support/chain";

/**
 * First contact with a real workspace: a fresh stack, no traffic. For each answer to the
 * UNCONFIRMED first-contact facts (test/support/fake-workspace/first-contact.ts), the model's
 * whole chain is deployed, the day-2 commands are run as a user would, traffic starts, and the
 * chain converges without a second `up`. The suite's default is the answer that makes the code
 * work hardest: no payload table before the first request, and a refresh of a table without
 * rows fails.
 */

let h: Day2Harness;

async function start(
  switches: Partial<FirstContactSwitches> = {},
  strictness: Partial<Strictness> = {},
  model: Record<string, unknown> = {},
): Promise<void> {
  h = await startDay2Harness(
    { fraud: fraudModel(model) },
    {},
    {
      firstContact: { ...PESSIMISTIC_FIRST_CONTACT, ...switches },
      strictness,
      timing: { payloadTableMs: 50, monitorActivationMs: 50 },
    },
  );
  configureProviders(h);
}

afterEach(async () => {
  closeSharedRestClients();
  await closeSharedSqlRunners();
  await h?.close();
});

/** Both severities' alerts in one state, with one model status. */
const alertsSay = (state: string, modelStatus: string) => [
  { state, modelStatus },
  { state, modelStatus },
];

const checksOf = (output: CheckOutput) =>
  output.checks.map((c) => [c.severity, c.status, c.modelStatus]);

/** The fresh stack's whole story under the started switches: deploy, wait, traffic, converge. */
async function freshStackConverges(): Promise<void> {
  const spec = h.spec("fraud");

  // pulumi up of a fresh stack with zero traffic: every resource, no failure, no long wait.
  const deployed = await deploy(h, spec);
  expect(deployed.elapsedMs).toBeLessThan(10_000);
  expect(deployed.payloadReady.tableExists).toBe(false);
  expect(deployed.monitorReady).toMatchObject({
    status: "MONITOR_STATUS_ACTIVE",
    refreshState: "FAILED",
    refreshMessage: EMPTY_TABLE_REFRESH_MESSAGE,
    metricTablesExist: false,
  });
  expect(deployed.alertIds).toHaveLength(2);
  expect(deployed.status).toBe("waiting for first request");
  // A second up would change nothing: waiting is not drift.
  expect(await nextUpChanges(deployed)).toEqual({ payloadReady: false, monitorReady: false });

  // What the user sees: no data yet, not errors, not breaches; exit 0 everywhere. The alerts'
  // schedules fire before the monitor has written its metric tables: OK, saying why.
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "waiting for first request"));
  const checks = await day2<CheckOutput>(h, "check-thresholds");
  expect(checks.exitCode).toBe(0);
  expect(checksOf(checks.output)).toEqual([
    ["warning", "no-data", "waiting for first request"],
    ["critical", "no-data", "waiting for first request"],
  ]);
  expect(checks.output.checks[0]?.message).toMatch(
    /^waiting for first request: ml_dev\.monitoring\.fraud_processed_profile_metrics and ml_dev\.monitoring\.fraud_processed_drift_metrics do not exist yet; the monitor writes them with its first successful refresh \(run refresh-monitors/,
  );
  expect(checks.text).toMatch(/NO DATA +│ fraud +│ warning/);
  const validation = await day2<ValidateOutput>(h, "validate-inference-table");
  expect(validation.exitCode).toBe(0);
  expect(validation.output.models[0]?.verdict).toBe("waiting");
  expect(validation.text).toMatch(/1 waiting for their first request/);
  const drift = await day2<DriftOutput>(h, "analyze-drift");
  expect(drift.exitCode).toBe(0);
  expect(drift.output.models[0]).toMatchObject({ status: "no-metrics" });
  expect(drift.output.models[0]?.message).toMatch(/^no data yet: /);

  // Traffic starts: the first request makes Databricks create the payload table.
  await firstRequests(h, spec);
  expect(h.workspace.state.tables.exists("ml_dev.inference.fraud_payload")).toBe(true);
  await processingRun(h, spec);
  const processed = await day2<CheckOutput>(h, "check-thresholds");
  expect(checksOf(processed.output)).toEqual([
    ["warning", "no-data", "waiting for first window"],
    ["critical", "no-data", "waiting for first window"],
  ]);
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "waiting for first window"));

  // The monitor refreshes over the rows (its schedule in acc/prod): the metric tables appear.
  expect(await scheduledRefresh(h, spec)).toBe("SUCCESS");
  const monitoring = await day2<CheckOutput>(h, "check-thresholds");
  expect(monitoring.exitCode).toBe(0);
  expect(checksOf(monitoring.output)).toEqual([
    ["warning", "ok", "monitoring"],
    ["critical", "ok", "monitoring"],
  ]);
  const validated = await day2<ValidateOutput>(h, "validate-inference-table");
  expect(validated.output.models[0]?.verdict).toBe("pass");
  // The same alert texts now read the metric tables.
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "monitoring"));

  // The same alerts, untouched: no second up. `pulumi refresh` brings the output up to date.
  const refreshed = await pulumiRefresh(deployed);
  expect(refreshed.status).toBe("monitoring");
  expect(refreshed.monitorReady).toMatchObject({ metricTablesExist: true, metricTablesSeen: true });
  expect(await nextUpChanges(refreshed)).toEqual({ payloadReady: false, monitorReady: false });
  expect(h.workspace.state.alerts.all().map((a) => a.id)).toEqual(deployed.alertIds);
}

it("no payload table before the first request, and a refresh of an empty table fails: deploys in seconds, says 'waiting', converges by itself", async () => {
  await start();
  await freshStackConverges();
});

it("the same under the other side of every API switch the chain meets (generic UC error codes, table-exists false without a schema, refreshes listed oldest first)", async () => {
  // The fake's defaults are the stricter side of each (unknown and create-only fields
  // refused); these are the sides the default does not play.
  await start({}, { ucErrorCodes: "generic", tableExistsWithoutSchema: "false" });
  h.workspace.state.monitors.refreshListOrder = "oldest-first";
  await freshStackConverges();
});

it("a refresh of an empty table succeeds but writes no metric tables: the same, and refresh-monitors converges a dev stack", async () => {
  await start({ emptyTableRefresh: "writes-no-tables" });
  const spec = h.spec("fraud");

  const deployed = await deploy(h, spec);
  expect(deployed.monitorReady).toMatchObject({
    refreshState: "SUCCESS",
    refreshMessage: "",
    metricTablesExist: false,
    metricTablesSeen: false,
  });
  expect(deployed.status).toBe("waiting for first request");
  // No diff: an up does not start a pointless refresh each time.
  expect(await nextUpChanges(deployed)).toEqual({ payloadReady: false, monitorReady: false });
  const checks = await day2<CheckOutput>(h, "check-thresholds");
  expect(checks.exitCode).toBe(0);
  expect(checksOf(checks.output).map(([, status]) => status)).toEqual(["no-data", "no-data"]);
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "waiting for first request"));

  // Dev: schedules are paused; after the first requests are processed, refresh-monitors.
  await firstRequests(h, spec);
  await processingRun(h, spec);
  const refreshed = await day2<RefreshOutput>(h, "refresh-monitors", "--poll-interval", "0.02");
  expect(refreshed.output.models[0]).toMatchObject({ status: "succeeded", state: "SUCCESS" });
  expect(await mirrorMetricTables(h, spec)).toBe(true);
  const monitoring = await day2<CheckOutput>(h, "check-thresholds");
  expect(checksOf(monitoring.output)).toEqual([
    ["warning", "ok", "monitoring"],
    ["critical", "ok", "monitoring"],
  ]);
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "monitoring"));
  expect((await pulumiRefresh(deployed)).status).toBe("monitoring");
});

it("alerting.queryForm: statement (a warehouse without SQL scripting): the alerts end in ERROR until the metric tables exist, then work with no change; the day-2 commands say so", async () => {
  await start({}, {}, { alerting: { queryForm: "statement" } });
  h.warehouse.sqlScripting = "unsupported";
  const spec = h.spec("fraud");
  const deployed = await deploy(h, spec);
  const before = await alertEvaluations(h, deployed);
  expect(before.map((a) => a.state)).toEqual(["ERROR", "ERROR"]);
  expect(String(before[0]?.modelStatus)).toMatch(/TABLE_OR_VIEW_NOT_FOUND/);
  const checks = await day2<CheckOutput>(h, "check-thresholds");
  expect(checks.exitCode).toBe(0);
  expect(checks.output.checks[0]?.message).toMatch(
    /Until then each AlertV2 evaluation ends in ERROR \(alerting\.queryForm: statement\)\.$/,
  );
  const preflight = await day2<PreflightOutput>(h, "preflight");
  expect(preflight.output.checks.filter((c) => c.check === "alert-script")).toMatchObject([
    { status: "pass", source: "config" },
  ]);

  await firstRequests(h, spec);
  await processingRun(h, spec);
  expect(await scheduledRefresh(h, spec)).toBe("SUCCESS");
  expect(await alertEvaluations(h, deployed)).toEqual(alertsSay("OK", "monitoring"));
});

it("the default script on a warehouse without SQL scripting: preflight fails before up, naming both ways out", async () => {
  await start();
  h.workspace.state.warehouses.seed({ id: WAREHOUSE_ID, name: "monitoring" });
  h.warehouse.sqlScripting = "unsupported";
  const preflight = await day2<PreflightOutput>(h, "preflight");
  expect(preflight.exitCode).toBe(1);
  const [line] = preflight.output.checks.filter((c) => c.check === "alert-script");
  expect(line).toMatchObject({ status: "fail", source: "sql" });
  expect(line?.detail).toMatch(/PARSE_SYNTAX_ERROR/);
  expect(line?.fix).toMatch(/SQL scripting.*alerting\.queryForm: statement/);
  // What up would leave behind otherwise: alerts that never evaluate.
  const deployed = await deploy(h, h.spec("fraud"));
  expect((await alertEvaluations(h, deployed)).map((a) => a.state)).toEqual(["ERROR", "ERROR"]);
});

it("a metric table lacks a statistic column: deploys, and the alerts evaluate everything else and name the column", async () => {
  await start({ metricTablesLack: ["population_stability_index"] });
  const spec = h.spec("fraud");

  const deployed = await deploy(h, spec);
  expect(deployed.status).toBe("waiting for first request");
  await firstRequests(h, spec);
  await processingRun(h, spec);
  expect(await scheduledRefresh(h, spec)).toBe("SUCCESS");
  const columns = h.workspace.state.tables
    .get("ml_dev.monitoring.fraud_processed_drift_metrics")
    ?.columns.map((c) => c.name);
  expect(columns).toContain("ks_test");
  expect(columns).not.toContain("population_stability_index");

  // The model's PSI thresholds cannot be evaluated: that is a breach, named; the rest evaluate.
  const checks = await day2<CheckOutput>(h, "check-thresholds");
  expect(checks.exitCode).toBe(1);
  for (const check of checks.output.checks) {
    expect(check).toMatchObject({ status: "triggered", modelStatus: "monitoring", violations: 1 });
    expect(check.breaches).toEqual([
      "amount population_stability_index CONSECUTIVE 1 day: cannot be evaluated: the drift metrics table has no column population_stability_index",
    ]);
  }
  // analyze-drift reads the statistic as a column: it says which one is missing.
  const drift = await day2<DriftOutput>(h, "analyze-drift");
  expect(drift.output.models[0]).toMatchObject({ status: "error" });
  expect(drift.output.models[0]?.message).toMatch(/population_stability_index/);
  expect((await pulumiRefresh(deployed)).status).toBe("monitoring");
});

it("the other answers (table made on enable, empty refresh writes empty tables): deployed 'monitoring' by its tables, the alerts and day-2 commands say 'waiting for first request' from the rows", async () => {
  await start({ payloadTable: "on-enable", emptyTableRefresh: "writes-tables" });
  const spec = h.spec("fraud");
  // Databricks' tables, as it would create them: an empty payload table and empty metric tables.
  await h.warehouse.seed.payloadTable({ table: "ml_dev.inference.fraud_payload", rows: 0 });

  const deployed = await deploy(h, spec);
  expect(deployed.payloadReady.tableExists).toBe(true);
  expect(deployed.monitorReady).toMatchObject({ refreshState: "SUCCESS", metricTablesExist: true });
  // The output reads the tables only: they all exist.
  expect(deployed.status).toBe("monitoring");
  await h.warehouse.seed.metricTables({
    monitoredTable: "ml_dev.inference.fraud_processed",
    outputSchema: "ml_dev.monitoring",
    windows: 0,
  });

  const checks = await day2<CheckOutput>(h, "check-thresholds");
  expect(checks.exitCode).toBe(0);
  expect(checksOf(checks.output)).toEqual([
    ["warning", "no-data", "waiting for first request"],
    ["critical", "no-data", "waiting for first request"],
  ]);
  expect(checks.output.sqlStatements).toBe(1);
  const validation = await day2<ValidateOutput>(h, "validate-inference-table");
  expect(validation.exitCode).toBe(0);
  expect(validation.output.models[0]?.checks.map((c) => [c.check, c.status])).toEqual(
    expect.arrayContaining([
      ["payload-table", "pass"],
      ["payload-freshness", "waiting"],
      ["processed-freshness", "waiting"],
    ]),
  );
});
