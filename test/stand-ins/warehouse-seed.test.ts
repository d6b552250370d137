import {
  driftMetricsColumns,
  generateMetricTables,
  generatePayloadTable,
  LocalWarehouse,
  payloadTableColumns,
  profileMetricsColumns,
  startLocalWarehouse,
} from "../support/warehouse";
import { openDriverSession } from "../support/warehouse/driver-session";

let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await startLocalWarehouse();
});

afterAll(async () => {
  await warehouse.close();
});

async function columnsOf(table: string): Promise<string[]> {
  const [catalog, schema, name] = table.split(".") as [string, string, string];
  const rows = await warehouse.duckdb.query(
    "SELECT column_name FROM duckdb_columns() WHERE database_name = $1 AND schema_name = $2 AND table_name = $3 ORDER BY column_index",
    [warehouse.duckdb.catalogName(catalog), schema, name],
  );
  return rows.map((row) => String(row.column_name));
}

describe("seed helpers", () => {
  it("creates catalog, schema and table from declared Databricks columns and inserts rows", async () => {
    const table = await warehouse.seed.table({
      table: "ml_test.features.customers",
      columns: [
        { name: "id", type: "BIGINT" },
        { name: "name", type: "STRING" },
        { name: "joined", type: "DATE" },
        { name: "seen", type: "TIMESTAMP" },
        { name: "balance", type: "DECIMAL(10,2)" },
        { name: "tags", type: "ARRAY<STRING>" },
        { name: "attributes", type: "MAP<STRING, STRING>" },
        { name: "window", type: "STRUCT<start: TIMESTAMP, end: TIMESTAMP>" },
      ],
      rows: [
        {
          id: 1n,
          name: "ann",
          joined: "2024-01-15",
          seen: new Date("2024-05-01T10:00:00Z"),
          balance: 10.5,
          tags: ["a", "b"],
          attributes: { tier: "gold" },
          window: { start: "2024-05-01 00:00:00", end: "2024-05-02 00:00:00" },
        },
        { id: 2, name: null },
      ],
    });
    expect(table).toBe("ml_test.features.customers");
    const driver = await openDriverSession(warehouse);
    try {
      expect(await driver.run("SELECT * FROM ml_test.features.customers ORDER BY id")).toEqual([
        {
          id: 1,
          name: "ann",
          joined: new Date("2024-01-15T00:00:00Z"),
          seen: new Date("2024-05-01T10:00:00Z"),
          balance: 10.5,
          tags: ["a", "b"],
          attributes: { tier: "gold" },
          window: {
            start: new Date("2024-05-01T00:00:00Z"),
            end: new Date("2024-05-02T00:00:00Z"),
          },
        },
        {
          id: 2,
          name: null,
          joined: null,
          seen: null,
          balance: null,
          tags: null,
          attributes: null,
          window: null,
        },
      ]);
    } finally {
      await driver.close();
    }
    expect(
      warehouse.counters.statements.some(
        (entry) => entry.received.includes("customers") && entry.received.startsWith("CREATE"),
      ),
    ).toBe(false);
  });

  it("refuses rows with a column the table does not have", async () => {
    await warehouse.seed.createTable({
      table: "main.default.small",
      columns: [{ name: "a", type: "INT" }],
    });
    await expect(warehouse.seed.insertRows("main.default.small", [{ a: 1, b: 2 }])).rejects.toThrow(
      /no column "b"/,
    );
  });
});

describe("payload table generator", () => {
  const start = new Date("2025-03-01T00:00:00Z");
  const end = new Date("2025-03-02T00:00:00Z");

  it("has the AI Gateway payload columns and realistic rows", async () => {
    const generated = await warehouse.seed.payloadTable({
      table: "main.serving.fraud_endpoint_payload",
      rows: 400,
      start,
      end,
      failureRate: 0.1,
      servedEntities: [
        { id: "entity-champion", weight: 3 },
        { id: "entity-challenger", weight: 1 },
      ],
    });
    expect(await columnsOf(generated.table)).toEqual(
      payloadTableColumns.map((column) => column.name),
    );
    expect(payloadTableColumns.map((column) => column.name)).toEqual([
      "databricks_request_id",
      "request_date",
      "client_request_id",
      "request_time",
      "status_code",
      "sampling_fraction",
      "execution_duration_ms",
      "request",
      "response",
      "logging_error_codes",
      "served_entity_id",
      "requester",
    ]);

    const [summary] = await warehouse.query(
      "SELECT count(*) AS n, min(request_time) AS first, max(request_time) AS last, " +
        "count_if(status_code <> 200) AS failed, count(DISTINCT served_entity_id) AS entities, " +
        "count_if(request LIKE '{\"dataframe_records\"%') AS records_shape, count_if(request LIKE '{\"dataframe_split\"%') AS split_shape, " +
        "count_if(status_code = 200 AND response LIKE '{\"predictions\": [%' ) AS predictions_shape, " +
        "count_if(request_date = CAST(request_time AS DATE)) AS dates_match " +
        "FROM main.serving.fraud_endpoint_payload",
    );
    expect(summary).toMatchObject({ n: 400, entities: 2, dates_match: 400 });
    expect((summary!.first as Date).getTime()).toBeGreaterThanOrEqual(start.getTime());
    expect((summary!.last as Date).getTime()).toBeLessThan(end.getTime());
    expect(summary!.failed).toBeGreaterThan(15);
    expect(summary!.failed).toBeLessThan(70);
    expect(summary!.records_shape).toBeGreaterThan(100);
    expect(summary!.split_shape).toBeGreaterThan(100);

    const first = generated.rows[0]!;
    const request = JSON.parse(first.request as string);
    const records = request.dataframe_records ?? request.dataframe_split.data;
    expect(records).toHaveLength(generated.records[0]!.length);
    const success = generated.rows.find((row) => row.status_code === 200 && row.response !== null)!;
    expect(JSON.parse(success.response as string)).toEqual({ predictions: expect.any(Array) });
    const failure = generated.rows.find((row) => row.status_code !== 200)!;
    expect(JSON.parse(failure.response as string)).toMatchObject({
      error_code: expect.any(String),
    });
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const a = generatePayloadTable({ table: "a.b.c", rows: 20, seed: 7 });
    const b = generatePayloadTable({ table: "a.b.c", rows: 20, seed: 7 });
    const c = generatePayloadTable({ table: "a.b.c", rows: 20, seed: 8 });
    expect(b.rows).toEqual(a.rows);
    expect(c.rows).not.toEqual(a.rows);
  });

  it("can log one request shape only", () => {
    const split = generatePayloadTable({
      table: "a.b.c",
      rows: 30,
      requestFormat: "dataframe_split",
    });
    expect(split.rows.every((row) => String(row.request).startsWith('{"dataframe_split":'))).toBe(
      true,
    );
  });
});

describe("metric tables generator", () => {
  const options = {
    monitoredTable: "main.mon.fraud_inference",
    granularities: ["1 day", "1 hour"],
    windows: 4,
    start: new Date("2025-03-01T00:00:00Z"),
    slices: [{ key: "model_version", values: ["1", "2"] }],
    overrides: [
      {
        table: "drift" as const,
        column: "amount",
        granularity: "1 day",
        values: { ks_test: { statistic: 0.41, pvalue: 0.0004 }, population_stability_index: 0.35 },
      },
      {
        table: "drift" as const,
        column: "country",
        granularity: "1 day",
        values: { js_distance: 0.42 },
      },
      {
        table: "profile" as const,
        column: "age",
        granularity: "1 day",
        window: 2,
        values: { percent_null: 37.5 },
      },
    ],
  };

  let generated: Awaited<ReturnType<LocalWarehouse["seed"]["metricTables"]>>;

  beforeAll(async () => {
    generated = await warehouse.seed.metricTables(options);
  });

  it("names and shapes the profile and drift tables like a monitor's output", async () => {
    expect(generated.profileTable).toBe("main.mon.fraud_inference_profile_metrics");
    expect(generated.driftTable).toBe("main.mon.fraud_inference_drift_metrics");
    // An InferenceLog monitor's tables: the documented columns plus the model id column.
    expect(await columnsOf(generated.profileTable)).toEqual([
      ...profileMetricsColumns.map((column) => column.name),
      "model_id",
    ]);
    expect(await columnsOf(generated.driftTable)).toEqual([
      ...driftMetricsColumns.map((column) => column.name),
      "model_id",
    ]);
  });

  it("writes each window per served model id and once over all of them as '*'", async () => {
    const rows = await warehouse.query(
      "SELECT model_id, count(*) AS n FROM main.mon.fraud_inference_profile_metrics " +
        "WHERE column_name = ':table' AND slice_key IS NULL AND granularity = '1 day' " +
        "AND window.start = TIMESTAMP '2025-03-04 00:00:00' GROUP BY model_id ORDER BY model_id",
    );
    expect(rows.map((r) => r.model_id)).toEqual(["*", "champion/3"]);
    // Without inferenceLog (a TimeSeries-like monitor): no model id column, one row per window.
    const timeSeries = generateMetricTables({ ...options, inferenceLog: false });
    expect(timeSeries.profileColumns.map((c) => c.name)).not.toContain("model_id");
    expect(timeSeries.profileRows.length * 2).toBe(generated.profileRows.length);
  });

  it("has consecutive and baseline drift, whole-table and sliced rows, and :table rows", async () => {
    const rows = await warehouse.query(
      "SELECT granularity, drift_type, count(*) AS n, count_if(slice_key IS NULL) AS whole_table, " +
        "count_if(column_name = ':table') AS table_level, count(DISTINCT window.start) AS windows " +
        "FROM main.mon.fraud_inference_drift_metrics GROUP BY ALL ORDER BY granularity, drift_type",
    );
    // 4 windows (3 with a predecessor) x 3 slices (NULL, 1, 2) x 2 model ids (*, champion/3)
    // x 5 columns (4 + :table).
    expect(rows).toEqual([
      {
        granularity: "1 day",
        drift_type: "BASELINE",
        n: 120,
        whole_table: 40,
        table_level: 24,
        windows: 4,
      },
      {
        granularity: "1 day",
        drift_type: "CONSECUTIVE",
        n: 90,
        whole_table: 30,
        table_level: 18,
        windows: 3,
      },
      {
        granularity: "1 hour",
        drift_type: "BASELINE",
        n: 120,
        whole_table: 40,
        table_level: 24,
        windows: 4,
      },
      {
        granularity: "1 hour",
        drift_type: "CONSECUTIVE",
        n: 90,
        whole_table: 30,
        table_level: 18,
        windows: 3,
      },
    ]);
    const [consecutive] = await warehouse.query(
      "SELECT window.start AS s, window_cmp.end AS previous_end FROM main.mon.fraud_inference_drift_metrics " +
        "WHERE drift_type = 'CONSECUTIVE' AND granularity = '1 hour' ORDER BY window.start LIMIT 1",
    );
    expect(consecutive).toEqual({
      s: new Date("2025-03-01T01:00:00Z"),
      previous_end: new Date("2025-03-01T01:00:00Z"),
    });
  });

  it("fills numeric statistics for numeric columns and categorical ones for categorical columns", async () => {
    const drift = await warehouse.query(
      "SELECT column_name, count_if(ks_test IS NOT NULL) AS ks, count_if(js_distance IS NOT NULL) AS js, " +
        "count_if(chi_squared_test IS NOT NULL) AS chi, count_if(wasserstein_distance IS NOT NULL) AS wd " +
        "FROM main.mon.fraud_inference_drift_metrics GROUP BY column_name ORDER BY column_name",
    );
    expect(drift).toEqual([
      { column_name: ":table", ks: 0, js: 0, chi: 0, wd: 0 },
      { column_name: "age", ks: 84, js: 0, chi: 0, wd: 84 },
      { column_name: "amount", ks: 84, js: 0, chi: 0, wd: 84 },
      { column_name: "country", ks: 0, js: 84, chi: 84, wd: 0 },
      { column_name: "prediction", ks: 84, js: 0, chi: 0, wd: 84 },
    ]);
    const profile = await warehouse.query(
      "SELECT column_name, count_if(avg IS NOT NULL) AS numeric_stats, count_if(frequent_items IS NOT NULL) AS categorical_stats " +
        "FROM main.mon.fraud_inference_profile_metrics GROUP BY column_name ORDER BY column_name",
    );
    expect(profile).toEqual([
      { column_name: ":table", numeric_stats: 0, categorical_stats: 0 },
      { column_name: "age", numeric_stats: 48, categorical_stats: 0 },
      { column_name: "amount", numeric_stats: 48, categorical_stats: 0 },
      { column_name: "country", numeric_stats: 0, categorical_stats: 48 },
      { column_name: "prediction", numeric_stats: 48, categorical_stats: 0 },
    ]);
  });

  it("puts overridden values where an alert query over the latest window finds them (through the driver)", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      const alertQuery =
        "SELECT column_name, ks_test.pvalue AS pvalue, js_distance FROM main.mon.fraud_inference_drift_metrics " +
        "WHERE drift_type = 'CONSECUTIVE' AND granularity = :granularity AND slice_key IS NULL AND model_id = '*' AND column_name <> ':table' " +
        "AND window.start = (SELECT max(window.start) FROM main.mon.fraud_inference_drift_metrics WHERE granularity = :granularity) " +
        "AND (ks_test.pvalue < 0.05 OR js_distance > 0.2) ORDER BY column_name";
      expect(await driver.run(alertQuery, { namedParameters: { granularity: "1 day" } })).toEqual([
        { column_name: "amount", pvalue: 0.0004, js_distance: null },
        { column_name: "country", pvalue: null, js_distance: 0.42 },
      ]);
      expect(await driver.run(alertQuery, { namedParameters: { granularity: "1 hour" } })).toEqual(
        [],
      );
      expect(
        await driver.run(
          "SELECT window.start AS s, percent_null FROM main.mon.fraud_inference_profile_metrics " +
            "WHERE column_name = 'age' AND granularity = '1 day' AND slice_key IS NULL AND model_id = '*' AND percent_null > 30",
        ),
      ).toEqual([{ s: new Date("2025-03-03T00:00:00Z"), percent_null: 37.5 }]);
    } finally {
      await driver.close();
    }
  });

  it("rejects an override that matches no row, so a breach cannot silently go missing", () => {
    expect(() =>
      generateMetricTables({
        monitoredTable: "a.b.c",
        overrides: [{ table: "drift", column: "no_such_column", values: { js_distance: 1 } }],
      }),
    ).toThrow(/matched no drift metric row/);
  });
});
