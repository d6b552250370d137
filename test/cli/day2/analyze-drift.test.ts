import { startDay2Harness, type Day2Harness } from "./support/harness";
import { DRIFTING, fraudModel, seedModel } from "./support/scenarios";
import type { DriftOutput, DriftRow } from "../../../cli/day2/json-output";

/**
 * analyze-drift against seeded metric tables (7 daily windows from 2025-01-01, all finished)
 * and the thresholds table written by the provider's own statements.
 */

let h: Day2Harness;

beforeAll(async () => {
  h = await startDay2Harness({
    healthy: fraudModel(),
    drifting: fraudModel(),
    stale: fraudModel(),
    broken: fraudModel(),
    "history-breach": fraudModel(),
  });
  await seedModel(h, "healthy");
  await seedModel(h, "drifting", { metrics: DRIFTING });
  await seedModel(h, "stale", { payload: "stale", processed: "stale" });
  await seedModel(h, "broken", { metrics: "missing" });
  // A breach three windows ago only: invisible in the latest window, shown with --since.
  await seedModel(h, "history-breach", {
    metrics: [
      { table: "drift", column: "amount", window: 3, values: { population_stability_index: 0.3 } },
    ],
  });
});
afterAll(() => h.close());
beforeEach(() => h.warehouse.counters.reset());

const key = (r: DriftRow) => [r.status, r.model, r.column, r.statistic, r.value];

describe("analyze-drift", () => {
  it("shows a healthy model's statistics next to its thresholds, all ok, with exit 0 and two statements", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev", "-m", "healthy", "--json"]);
    expect(run.exitCode).toBe(0);
    const output = run.json<DriftOutput>();
    expect(output).toMatchObject({
      ok: true,
      since: null,
      thresholdsFrom: "table",
      problems: [],
      sqlStatements: 2,
    });
    expect(output.models).toEqual([
      {
        model: "healthy",
        driftMetricsTable: "ml_dev.monitoring.healthy_processed_drift_metrics",
        status: "ok",
        message: null,
        latestWindowEnd: "2025-01-08T00:00:00.000Z",
      },
    ]);
    // The template's thresholds: ks p-value and PSI on amount, JS distance on the categorical columns.
    expect(output.rows.map((r) => `${r.column} ${r.statistic}`).sort()).toEqual([
      "amount ks_test.pvalue",
      "amount population_stability_index",
      "is_fraud js_distance",
      "merchant_category js_distance",
    ]);
    const psi = output.rows.find((r) => r.statistic === "population_stability_index");
    expect(psi).toMatchObject({
      status: "ok",
      driftType: "CONSECUTIVE",
      granularity: "1 day",
      windowStart: "2025-01-07T00:00:00.000Z",
      warning: { comparator: ">", value: 0.1 },
      critical: { comparator: ">", value: 0.25 },
    });
    expect(h.warehouse.counters.statementsExecuted).toBe(2);
  });

  it("puts breaches first, critical before warning, and exits 1", async () => {
    const run = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "healthy,drifting,stale",
      "--json",
    ]);
    expect(run.exitCode).toBe(1);
    const output = run.json<DriftOutput>();
    expect(output.rows.slice(0, 2).map(key)).toEqual([
      ["critical", "drifting", "amount", "ks_test.pvalue", 0.001],
      ["warning", "drifting", "merchant_category", "js_distance", 0.15],
    ]);
    expect(output.rows.slice(2).every((r) => r.status === "ok")).toBe(true);
    expect(output.rows[0]?.exceedance).toBeCloseTo(0.9); // 0.001 is 90% below the 0.01 limit
    expect(output.summary).toEqual({ critical: 1, warning: 1, ok: 10, noData: 0 });
    expect(output.models.map((m) => [m.model, m.status])).toEqual([
      ["drifting", "breach"],
      ["healthy", "ok"],
      ["stale", "ok"],
    ]);
    // Still two statements for three models.
    expect(output.sqlStatements).toBe(2);
  });

  it("reads every window since --since, where an older breach shows", async () => {
    const latest = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "history-breach",
      "--json",
    ]);
    expect(latest.exitCode).toBe(0);
    const since = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "history-breach",
      "--since",
      "2025-01-02",
      "--json",
    ]);
    expect(since.exitCode).toBe(1);
    const output = since.json<DriftOutput>();
    expect(output.since).toBe("2025-01-02T00:00:00.000Z");
    expect(output.rows[0]).toMatchObject({
      status: "critical",
      statistic: "population_stability_index",
      value: 0.3,
      windowStart: "2025-01-04T00:00:00.000Z",
    });
    // CONSECUTIVE drift exists from the second window on: windows 2025-01-02 .. 2025-01-07.
    const windows = new Set(output.rows.map((r) => r.windowStart));
    expect([...windows].sort()).toEqual(
      ["02", "03", "04", "05", "06", "07"].map((d) => `2025-01-${d}T00:00:00.000Z`),
    );
  });

  it("reports a model whose metric tables do not exist yet as waiting for its first window, shows the others, and exits 0", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev", "-m", "healthy,broken", "--json"]);
    expect(run.exitCode).toBe(0);
    const output = run.json<DriftOutput>();
    const broken = output.models.find((m) => m.model === "broken");
    expect(broken).toMatchObject({ status: "no-metrics", latestWindowEnd: null });
    expect(broken?.message).toMatch(
      /^no data yet: .*broken_processed_drift_metrics do not exist yet/,
    );
    expect(output.rows.filter((r) => r.model === "healthy")).toHaveLength(4);
    expect(
      output.rows.filter((r) => r.model === "broken").every((r) => r.status === "no-data"),
    ).toBe(true);
  });

  it("compares with this checkout's thresholds with --thresholds-from config", async () => {
    const root = h.root;
    // A stricter PSI warning in the stack file: not deployed, so only the config view sees it.
    const fs = await import("node:fs");
    const file = `${root}/Pulumi.dev.yaml`;
    const original = fs.readFileSync(file, "utf8");
    try {
      fs.writeFileSync(
        file,
        `${original}  model-monitoring:models:\n    healthy:\n      thresholds:\n        - { column: amount, statistic: population_stability_index, value: 0.001, severity: warning }\n`,
      );
      const table = await h.run(["analyze-drift", "--stack", "dev", "-m", "healthy", "--json"]);
      expect(table.exitCode).toBe(0);
      const config = await h.run([
        "analyze-drift",
        "--stack",
        "dev",
        "-m",
        "healthy",
        "--thresholds-from",
        "config",
        "--json",
      ]);
      expect(config.exitCode).toBe(1);
      const output = config.json<DriftOutput>();
      expect(output).toMatchObject({ thresholdsFrom: "config", sqlStatements: 1 });
      expect(output.rows[0]).toMatchObject({
        status: "warning",
        statistic: "population_stability_index",
        warning: { value: 0.001 },
      });
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("adds statistics without thresholds with --all-statistics, after those with thresholds", async () => {
    const run = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "healthy",
      "--all-statistics",
      "--json",
    ]);
    const rows = run.json<DriftOutput>().rows;
    const extra = rows.filter((r) => r.status === "no-threshold");
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.map((r) => r.statistic)).toEqual(
      expect.arrayContaining(["wasserstein_distance", "chi_squared_test.pvalue"]),
    );
    expect(rows.findIndex((r) => r.status === "no-threshold")).toBe(4);
    // BASELINE rows exist too (the seeded monitor has a baseline) and have no thresholds.
    expect(extra.some((r) => r.driftType === "BASELINE")).toBe(true);
  });

  it("prints a terminal table and a Markdown summary with the breaches", async () => {
    const text = await h.run(["analyze-drift", "--stack", "dev", "-m", "drifting"]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(
      /│ CRITICAL │ drifting │ amount +│ ks_test\.pvalue +│ CONSECUTIVE │ 1 day +│ 2025-01-07 00:00 │ 0\.00100 │ – +│ < 0\.01 +│/,
    );
    expect(text.stdout).toMatch(/1 critical, 1 warning, 2 ok, 0 without data\n$/);

    const markdown = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "drifting",
      "--markdown",
    ]);
    expect(markdown.stdout).toMatch(
      /^### Drift: stack `dev`\n\n\*\*1 critical, 1 warning, 2 ok, 0 without data\*\*/,
    );
    expect(markdown.stdout).toMatch(
      /\| 🔴 critical \| drifting \| amount \| ks_test\.pvalue \| CONSECUTIVE \| 1 day \| 2025-01-07 00:00 \| \*\*0\.00100\*\* \| – \| < 0\.01 \|/,
    );
    expect(markdown.stdout).toMatch(/<details><summary>2 statistic\(s\) within their thresholds/);
  });

  it("keeps to two statements for every model of the stack", async () => {
    await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "-m",
      "healthy,drifting,stale,history-breach",
      "--json",
    ]);
    expect(h.warehouse.counters.statementsExecuted).toBe(2);
    const [thresholds, drift] = h.warehouse.counters.statements.map((s) => s.received);
    expect(thresholds).toMatch(/FROM `ml_dev`\.`monitoring`\.`drift_thresholds`/);
    // Model names reach the SQL as parameters only.
    expect(thresholds).not.toMatch(/'healthy'/);
    expect(
      drift?.match(/FROM `ml_dev`\.`monitoring`\.`[a-z_]+_processed_drift_metrics`/g),
    ).toHaveLength(4);
    // Only what the thresholds need: their statistics' columns, CONSECUTIVE drift.
    expect(drift).toMatch(
      /`d`\.`ks_test`, `d`\.`population_stability_index`, `d`\.`js_distance`\n/,
    );
    expect(drift).not.toMatch(/wasserstein_distance|'BASELINE'/);
  });

  it("exits 1 when the thresholds table cannot be read, still showing the statistics", async () => {
    const rename = (from: string, to: string) =>
      h.warehouse.duckdb.query(
        `ALTER TABLE "${h.warehouse.duckdb.catalogName("ml_dev")}".monitoring.${from} RENAME TO ${to}`,
      );
    await rename("drift_thresholds", "drift_thresholds_moved");
    try {
      const run = await h.run([
        "analyze-drift",
        "--stack",
        "dev",
        "-m",
        "healthy",
        "--json",
        "--all-statistics",
      ]);
      expect(run.exitCode).toBe(1);
      const output = run.json<DriftOutput>();
      expect(output.problems[0]).toMatch(
        /^thresholds table ml_dev\.monitoring\.drift_thresholds could not be read: .*TABLE_OR_VIEW_NOT_FOUND/,
      );
      expect(output.rows.length).toBeGreaterThan(0);
    } finally {
      await rename("drift_thresholds_moved", "drift_thresholds");
    }
  });
});
