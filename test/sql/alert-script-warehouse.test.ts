// The warehouse module first: it makes the driver loadable under Jest.
import type { LocalWarehouse } from "../support/warehouse";
import type { DriverSession } from "../support/warehouse/driver-session";
import { startAlertWarehouse, type AlertWarehouse } from "./support/alert-warehouse";
import { alertQueryTables, thresholdRowsOf } from "../../core/alert-spec";
import {
  alertQueryBeforeMetricTablesSql,
  alertQueryParameters,
  alertQuerySql,
  alertScriptSql,
} from "../../sql/alert-queries";
import { formatTableName } from "../../core/names";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import type { ModelSpec } from "../../config/model-spec";

/**
 * The alert's text before and after the monitor writes its metric tables, run through the real
 * driver on the local warehouse as an AlertV2 evaluation would run it: the script reads the
 * tables once they exist and says "waiting" (OK) until then, instead of failing (ERROR).
 */

const [loaded] = loadFixture(
  { fraud: baseModel({ dataQuality: { maxMetricsAgeHours: 36 } }) },
  baseStack(),
  "dev",
).models;
if (!loaded) throw new Error("no spec");
const spec: ModelSpec = loaded;
const TABLES = alertQueryTables(spec);
const HOUR = 3_600_000;
const METRIC_TABLES = [TABLES.profileMetricsTable, TABLES.driftMetricsTable].map(formatTableName);

let warehouse: LocalWarehouse;
let driver: DriverSession;

interface AlertRow {
  violations: number;
  breaches: string;
  model_status: string;
}

async function run(sql: string, severity: "warning" | "critical"): Promise<AlertRow> {
  const rows = await driver.run(sql, {
    namedParameters: alertQueryParameters(spec.name, severity),
  });
  expect(rows).toHaveLength(1);
  return rows[0] as unknown as AlertRow;
}

async function processedRowsSince(oldestHoursAgo: number | null): Promise<void> {
  const table = formatTableName(TABLES.processedTable);
  await warehouse.query(`DELETE FROM ${table}`);
  if (oldestHoursAgo === null) return;
  await warehouse.seed.insertRows(table, [
    { request_time: new Date(Date.now() - oldestHoursAgo * HOUR), databricks_request_id: "old" },
    { request_time: new Date(Date.now() - HOUR), databricks_request_id: "new" },
  ]);
}

async function dropMetricTables(): Promise<void> {
  for (const table of METRIC_TABLES) await warehouse.query(`DROP TABLE IF EXISTS ${table}`);
}

async function writeMetricTables(): Promise<void> {
  await warehouse.seed.metricTables({
    monitoredTable: formatTableName(TABLES.processedTable),
    outputSchema: `${TABLES.driftMetricsTable.catalog}.${TABLES.driftMetricsTable.schema}`,
    columns: [{ name: "amount", kind: "numeric", mean: 120, stddev: 40 }],
  });
}

let alerts: AlertWarehouse;
beforeAll(async () => {
  alerts = await startAlertWarehouse(spec);
  ({ warehouse, driver } = alerts);
  await alerts.writeThresholds();
});

afterAll(() => alerts?.close());

beforeEach(async () => {
  warehouse.sqlScripting = "supported";
  await dropMetricTables();
  await processedRowsSince(null);
});

describe("the alert query before the metric tables exist", () => {
  it("names neither metric table, and runs where they do not exist", async () => {
    const before = alertQueryBeforeMetricTablesSql(TABLES);
    for (const table of ["profile_metrics", "drift_metrics"]) {
      expect(before).not.toContain(`fraud_processed_${table}`);
      expect(alertQuerySql(TABLES)).toContain(`\`fraud_processed_${table}\``);
    }
    await expect(run(alertQuerySql(TABLES), "warning")).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    expect(await run(before, "warning")).toEqual({
      violations: 0,
      breaches: "",
      model_status: "waiting for first request",
    });
  });

  it("still runs every check that needs no metric table: staleness and metrics age", async () => {
    await processedRowsSince(50);
    expect(await run(alertQueryBeforeMetricTablesSql(TABLES), "warning")).toEqual({
      violations: 1,
      breaches: expect.stringMatching(
        /^:table metrics_age_hours DATA_QUALITY: no finished window yet, hours since the oldest processed row: (49|50)\.\d+ > 36\.0$/,
      ),
      model_status: "waiting for first window",
    });
  });
});

describe("the branch before the metric tables against the query over empty metric tables", () => {
  it("returns the same row for every severity, with rows of every age, an invalid threshold and none at all", async () => {
    const writeRows = async (rows: ReturnType<typeof thresholdRowsOf>) => {
      await warehouse.query(`DELETE FROM ${formatTableName(TABLES.thresholdsTable)}`);
      await alerts.writeThresholds(rows);
    };
    await writeMetricTables();
    await warehouse.query(`DELETE FROM ${METRIC_TABLES[0] as string}`);
    await warehouse.query(`DELETE FROM ${METRIC_TABLES[1] as string}`);
    const invalid = {
      column: "amount",
      statistic: "ks_pvalue",
      driftType: "CONSECUTIVE" as const,
      severity: "critical" as const,
      comparator: "<" as const,
      value: 0.01,
    };
    const compared: string[] = [];
    try {
      for (const rows of [thresholdRowsOf(spec), [...thresholdRowsOf(spec), invalid], []]) {
        await writeRows(rows);
        for (const age of [null, 5, 50]) {
          await processedRowsSince(age);
          for (const severity of ["warning", "critical"] as const) {
            const before = await run(alertQueryBeforeMetricTablesSql(TABLES), severity);
            expect(before).toEqual(await run(alertQuerySql(TABLES), severity));
            compared.push(`${before.violations} ${before.model_status}`);
          }
        }
      }
      // Not vacuous: breaches and each waiting state were among the rows compared.
      expect([...new Set(compared)]).toEqual(
        expect.arrayContaining([
          "0 waiting for first request",
          "0 waiting for first window",
          "1 waiting for first window",
          "1 waiting for first request",
        ]),
      );
    } finally {
      await writeRows(thresholdRowsOf(spec));
    }
  });
});

describe("the alert script", () => {
  it("says 'waiting for first request' before any table or row, as OK (0 violations), not an error", async () => {
    expect(await run(alertScriptSql(TABLES), "critical")).toEqual({
      violations: 0,
      breaches: "",
      model_status: "waiting for first request",
    });
  });

  it("says 'waiting for first window' once rows are processed, and counts a monitor that never writes its tables", async () => {
    await processedRowsSince(5);
    expect(await run(alertScriptSql(TABLES), "warning")).toMatchObject({
      violations: 0,
      model_status: "waiting for first window",
    });
    await processedRowsSince(50);
    expect((await run(alertScriptSql(TABLES), "warning")).violations).toBe(1);
  });

  it("reads the metric tables once both exist, with no change to its text", async () => {
    await processedRowsSince(5);
    const script = alertScriptSql(TABLES);
    await writeMetricTables();
    const after = await run(script, "critical");
    expect(after).toEqual(await run(alertQuerySql(TABLES), "critical"));
    expect(after.model_status).toBe("monitoring");
  });

  it("waits while only one of the two tables exists", async () => {
    await processedRowsSince(5);
    await writeMetricTables();
    await warehouse.query(`DROP TABLE ${METRIC_TABLES[1] as string}`);
    expect((await run(alertScriptSql(TABLES), "critical")).model_status).toBe(
      "waiting for first window",
    );
  });

  it("says 'waiting' where information_schema hides the tables from the caller (no privilege on them), and still counts metrics age", async () => {
    await processedRowsSince(50);
    await writeMetricTables();
    for (const table of METRIC_TABLES) warehouse.hiddenFromInformationSchema.add(table);
    try {
      const hidden = await run(alertScriptSql(TABLES), "warning");
      expect(hidden.model_status).toBe("waiting for first window");
      expect(hidden.breaches).toMatch(
        /^:table metrics_age_hours DATA_QUALITY: no finished window yet/,
      );
    } finally {
      warehouse.hiddenFromInformationSchema.clear();
    }
    // The caller who can see them (check-thresholds, as its user) reads the windows.
    expect((await run(alertScriptSql(TABLES), "warning")).model_status).toBe("monitoring");
  });

  it("fails on a warehouse without SQL scripting (what preflight checks and queryForm: statement avoids)", async () => {
    warehouse.sqlScripting = "unsupported";
    await expect(run(alertScriptSql(TABLES), "critical")).rejects.toThrow(/PARSE_SYNTAX_ERROR/);
  });
});
