// The warehouse module first: it makes the driver loadable under Jest.
import {
  type LocalWarehouse,
  type MetricOverride,
  type MetricTablesOptions,
} from "../support/warehouse";
import type { DriverSession } from "../support/warehouse/driver-session";
import { startAlertWarehouse, type AlertWarehouse } from "./support/alert-warehouse";
import { alertQueryTables, thresholdRowsOf } from "../../core/alert-spec";
import { alertQueryParameters, alertQuerySql } from "../../sql/alert-queries";
import { formatTableName } from "../../core/names";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";

/**
 * The alert query of a model, run through the real driver on the local warehouse against
 * seeded metric tables, thresholds written by the provider's own statements, and a processed
 * table: what the AlertV2 would see on each evaluation.
 */

const [spec] = loadFixture(
  {
    fraud: baseModel({
      monitor: { baselineTable: "ml.training.fraud_baseline" },
      thresholds: [
        {
          column: "amount",
          statistic: "wasserstein_distance",
          driftType: "BASELINE",
          value: 10,
          severity: "warning",
        },
      ],
    }),
  },
  baseStack(),
  "dev",
).models;
if (!spec) throw new Error("no spec");
const TABLES = alertQueryTables(spec);
const QUERY = alertQuerySql(TABLES);
const HOUR = 3_600_000;

/** The metric-table columns as the monitor would profile this model. */
const METRIC_COLUMNS: MetricTablesOptions["columns"] = [
  { name: "amount", kind: "numeric", mean: 120, stddev: 40 },
  { name: "merchant_category", kind: "categorical", values: ["grocery", "travel", "fuel"] },
  { name: "is_fraud", kind: "categorical", values: ["0", "1"] },
];

let warehouse: LocalWarehouse;
let driver: DriverSession;

async function seedMetrics(options: Partial<MetricTablesOptions> = {}): Promise<void> {
  await warehouse.seed.metricTables({
    monitoredTable: formatTableName(TABLES.processedTable),
    outputSchema: `${TABLES.driftMetricsTable.catalog}.${TABLES.driftMetricsTable.schema}`,
    columns: METRIC_COLUMNS,
    ...options,
  });
}

async function seedProcessedRows(newestHoursAgo: number | null): Promise<void> {
  const table = formatTableName(TABLES.processedTable);
  await warehouse.query(`DELETE FROM ${table}`);
  if (newestHoursAgo === null) return;
  const newest = Date.now() - newestHoursAgo * HOUR;
  await warehouse.seed.insertRows(
    table,
    [0, 1, 5].map((hours) => ({
      request_time: new Date(newest - hours * HOUR),
      databricks_request_id: `r${hours}`,
    })),
  );
}

interface AlertRow {
  violations: number;
  breaches: string;
  model_status: string;
}

/** The alert's one row. */
async function evaluateRow(severity: "warning" | "critical", model = "fraud"): Promise<AlertRow> {
  const rows = await driver.run(QUERY, { namedParameters: alertQueryParameters(model, severity) });
  expect(rows).toHaveLength(1);
  return rows[0] as unknown as AlertRow;
}

/** What the alert compares and sends (the model status has tests of its own). */
async function evaluate(severity: "warning" | "critical", model = "fraud") {
  const { model_status: _status, ...row } = await evaluateRow(severity, model);
  return row;
}

const breach = (
  override: Omit<MetricOverride, "table"> & { table?: MetricOverride["table"] },
): MetricOverride => ({
  table: "drift",
  ...override,
});

let alerts: AlertWarehouse;
beforeAll(async () => {
  alerts = await startAlertWarehouse(spec as never);
  ({ warehouse, driver } = alerts);
});

afterAll(() => alerts?.close());

beforeEach(async () => {
  await warehouse.query(`DELETE FROM ${formatTableName(TABLES.thresholdsTable)}`);
  await alerts.writeThresholds();
  await seedProcessedRows(1);
  await seedMetrics();
});

describe("alert query on the local warehouse", () => {
  it("returns 0 for a clean latest window, for both severities", async () => {
    expect(await evaluate("critical")).toEqual({ violations: 0, breaches: "" });
    expect(await evaluate("warning")).toEqual({ violations: 0, breaches: "" });
  });

  it("counts a drift breach in the latest window and names it, under its severity only", async () => {
    await seedMetrics({
      overrides: [
        breach({ column: "amount", values: { ks_test: { statistic: 0.4, pvalue: 0.001 } } }),
      ],
    });
    expect(await evaluate("critical")).toEqual({
      violations: 1,
      breaches: "amount ks_test.pvalue CONSECUTIVE 1 day: 0.001 < 0.01",
    });
    expect((await evaluate("warning")).violations).toBe(0);
  });

  it("counts every breach: two columns, two statistics", async () => {
    await seedMetrics({
      overrides: [
        breach({ column: "amount", values: { population_stability_index: 0.4 } }),
        breach({ column: "merchant_category", values: { js_distance: 0.3 } }),
      ],
    });
    const critical = await evaluate("critical");
    expect(critical.violations).toBe(2);
    expect(critical.breaches.split("; ").sort()).toEqual([
      "amount population_stability_index CONSECUTIVE 1 day: 0.4 > 0.25",
      "merchant_category js_distance CONSECUTIVE 1 day: 0.3 > 0.2",
    ]);
    // The same values also breach the warning levels (0.1 for both).
    expect((await evaluate("warning")).violations).toBe(2);
  });

  it("ignores a breach in an older window and in a slice", async () => {
    await seedMetrics({
      slices: [{ key: "merchant_category", values: ["grocery", "travel"] }],
      overrides: [
        breach({
          column: "amount",
          window: 3,
          values: { ks_test: { statistic: 0.4, pvalue: 0.001 } },
        }),
        breach({
          column: "amount",
          slice: { key: "merchant_category", value: "travel" },
          values: { ks_test: { statistic: 0.4, pvalue: 0.001 } },
        }),
      ],
    });
    expect((await evaluate("critical")).violations).toBe(0);
  });

  it("compares BASELINE thresholds with BASELINE rows only", async () => {
    await seedMetrics({
      overrides: [breach({ column: "amount", values: { wasserstein_distance: 50 } })],
    });
    expect((await evaluate("warning")).violations).toBe(0);
    await seedMetrics({
      overrides: [
        breach({ column: "amount", driftType: "BASELINE", values: { wasserstein_distance: 50 } }),
      ],
    });
    expect(await evaluate("warning")).toEqual({
      violations: 1,
      breaches: "amount wasserstein_distance BASELINE 1 day: 50.0 > 10.0",
    });
  });

  it("checks the latest window of every granularity", async () => {
    await seedMetrics({
      granularities: ["1 hour", "1 day"],
      overrides: [
        breach({
          column: "merchant_category",
          granularity: "1 hour",
          values: { js_distance: 0.15 },
        }),
      ],
    });
    expect(await evaluate("warning")).toEqual({
      violations: 1,
      breaches: "merchant_category js_distance CONSECUTIVE 1 hour: 0.15 > 0.1",
    });
  });

  it("skips a window that has not ended yet", async () => {
    const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    const start = new Date(today.getTime() - 5 * 24 * HOUR); // windows 0..5; window 5 is today
    const pvalue = { ks_test: { statistic: 0.4, pvalue: 0.001 } };
    await seedMetrics({
      start,
      windows: 6,
      overrides: [breach({ column: "amount", values: pvalue })],
    });
    expect((await evaluate("critical")).violations).toBe(0);
    await seedMetrics({
      start,
      windows: 6,
      overrides: [breach({ column: "amount", window: 4, values: pvalue })],
    });
    expect((await evaluate("critical")).violations).toBe(1);
  });

  it("counts a feature's null rate above the limit", async () => {
    await seedMetrics({
      rowsPerWindow: 1000,
      overrides: [
        { table: "profile", column: ":table", values: { count: 1000n } },
        { table: "profile", column: "merchant_category", values: { num_nulls: 300n } },
      ],
    });
    expect(await evaluate("warning")).toEqual({
      violations: 1,
      breaches: "merchant_category null_rate DATA_QUALITY 1 day: 0.3 > 0.05",
    });
  });

  it("counts a row-count drop against the window before", async () => {
    await seedMetrics({
      overrides: [
        { table: "profile", column: ":table", window: 5, values: { count: 1000n } },
        { table: "profile", column: ":table", values: { count: 200n } },
        // A smaller window with the usual few nulls would also breach the null rate.
        { table: "profile", column: "amount", values: { num_nulls: 0n } },
        { table: "profile", column: "merchant_category", values: { num_nulls: 0n } },
      ],
    });
    expect(await evaluate("warning")).toEqual({
      violations: 1,
      breaches: ":table row_count_ratio DATA_QUALITY 1 day: 0.2 < 0.5",
    });
  });

  it("counts stale processed data; an empty processed table is no data yet, not a breach", async () => {
    await seedProcessedRows(48);
    const stale = await evaluate("warning");
    expect(stale.violations).toBe(1);
    expect(stale.breaches).toMatch(/^:table staleness_hours DATA_QUALITY: 4[78]\.\d+ > 24\.0$/);
    await seedProcessedRows(null);
    expect(await evaluateRow("warning")).toEqual({
      violations: 0,
      breaches: "",
      model_status: "waiting for first request",
    });
  });

  it("counts metrics older than the opt-in limit, and a profile table with no finished window", async () => {
    const DAY = 24 * HOUR;
    const optedIn = { ...spec, dataQuality: { ...spec.dataQuality, maxMetricsAgeHours: 36 } };
    await alerts.writeThresholds(thresholdRowsOf(optedIn));
    // Refreshed on time: the newest daily window ended 12 hours ago.
    await seedMetrics({ start: new Date(Date.now() - 7 * DAY - 12 * HOUR) });
    expect(await evaluate("warning")).toEqual({ violations: 0, breaches: "" });
    // Refreshes stopped three days ago.
    await seedMetrics({ start: new Date(Date.now() - 10 * DAY) });
    const stale = await evaluate("warning");
    expect(stale.violations).toBe(1);
    expect(stale.breaches).toMatch(/^:table metrics_age_hours DATA_QUALITY: 7[12]\.\d+ > 36\.0$/);
    // No finished window yet, processed rows from the last 6 hours: waiting, not a breach.
    await seedMetrics({ windows: 0 });
    expect(await evaluateRow("warning")).toEqual({
      violations: 0,
      breaches: "",
      model_status: "waiting for first window",
    });
    // Still no window although the oldest processed row is 53 hours old: the monitor fails.
    await seedProcessedRows(48);
    const never = await evaluate("warning");
    expect(never.breaches.split("; ")).toContainEqual(
      expect.stringMatching(
        /^:table metrics_age_hours DATA_QUALITY: no finished window yet, hours since the oldest processed row: 5[23]\.\d+ > 36\.0$/,
      ),
    );
  });

  it("returns 0 while the metric tables are still empty (monitor not refreshed yet)", async () => {
    await seedMetrics({ windows: 0 });
    expect(
      await warehouse.query(
        `SELECT count(*) AS n FROM ${formatTableName(TABLES.driftMetricsTable)}`,
      ),
    ).toEqual([{ n: 0 }]);
    const waiting = { violations: 0, breaches: "", model_status: "waiting for first window" };
    expect(await evaluateRow("critical")).toEqual(waiting);
    expect(await evaluateRow("warning")).toEqual(waiting);
  });

  it("says where the model stands: no request, no window, monitoring", async () => {
    expect((await evaluateRow("critical")).model_status).toBe("monitoring");
    await seedMetrics({ windows: 0 });
    expect((await evaluateRow("critical")).model_status).toBe("waiting for first window");
    await seedProcessedRows(null);
    expect((await evaluateRow("critical")).model_status).toBe("waiting for first request");
  });

  it("keeps evaluating when the drift metrics table lacks a statistic column, naming it where a threshold needs it", async () => {
    await seedMetrics({
      overrides: [
        breach({ column: "amount", values: { ks_test: { statistic: 0.4, pvalue: 0.001 } } }),
      ],
    });
    const drift = TABLES.driftMetricsTable;
    await warehouse.duckdb.query(
      `ALTER TABLE ${warehouse.duckdb.catalogName(drift.catalog)}.${drift.schema}.${drift.table} DROP COLUMN population_stability_index`,
    );
    const critical = await evaluate("critical");
    expect(critical.breaches.split("; ").sort()).toEqual([
      "amount ks_test.pvalue CONSECUTIVE 1 day: 0.001 < 0.01",
      "amount population_stability_index CONSECUTIVE 1 day: cannot be evaluated: the drift metrics table has no column population_stability_index",
    ]);
    // The warning level has a PSI threshold too; it is the only thing reported there.
    expect(await evaluate("warning")).toEqual({
      violations: 1,
      breaches:
        "amount population_stability_index CONSECUTIVE 1 day: cannot be evaluated: the drift metrics table has no column population_stability_index",
    });
  });

  it("reads threshold values at evaluation time: an edit in the table changes the outcome", async () => {
    expect((await evaluate("critical")).violations).toBe(0);
    await warehouse.query(
      `UPDATE ${formatTableName(TABLES.thresholdsTable)} SET value = 0.99 WHERE model = 'fraud' AND statistic = 'ks_test.pvalue'`,
    );
    const critical = await evaluate("critical");
    // The seeded p-values (0.2-0.95) are now all below the limit.
    expect(critical).toEqual({
      violations: 1,
      breaches: expect.stringMatching(/^amount ks_test\.pvalue CONSECUTIVE 1 day: 0\.\d+ < 0\.99$/),
    });
  });

  it("counts only this model's thresholds", async () => {
    await alerts.writeThresholds(
      [
        {
          column: "amount",
          statistic: "ks_test.pvalue",
          driftType: "CONSECUTIVE",
          severity: "critical",
          comparator: "<",
          value: 1,
        },
      ],
      "other-model",
    );
    expect((await evaluate("critical")).violations).toBe(0);
    expect((await evaluate("critical", "other-model")).violations).toBe(1);
  });

  it("fails loud when the model has no thresholds or a row it cannot evaluate", async () => {
    await warehouse.query(
      `DELETE FROM ${formatTableName(TABLES.thresholdsTable)} WHERE severity = 'critical'`,
    );
    expect(await evaluate("critical")).toEqual({
      violations: 1,
      breaches:
        ":table thresholds DATA_QUALITY: no thresholds for this model and severity in the thresholds table",
    });
    await alerts.writeThresholds([
      {
        column: "amount",
        statistic: "ks_pvalue",
        driftType: "CONSECUTIVE",
        severity: "critical",
        comparator: "<",
        value: 0.01,
      },
      {
        column: "amount",
        statistic: "tv_distance",
        driftType: "CONSECUTIVE",
        severity: "critical",
        comparator: "=>",
        value: 0.01,
      },
    ]);
    const critical = await evaluate("critical");
    expect(critical.violations).toBe(2);
    expect(critical.breaches.split("; ").sort()).toEqual([
      "amount ks_pvalue CONSECUTIVE: cannot be evaluated: unknown statistic, check type or comparator",
      "amount tv_distance CONSECUTIVE: cannot be evaluated: unknown statistic, check type or comparator",
    ]);
  });
});
