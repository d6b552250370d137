import { LocalWarehouse, startLocalWarehouse } from "../support/warehouse";
import { openDriverSession } from "../support/warehouse/driver-session";

/**
 * The translated SQL runs in DuckDB with Databricks semantics: each bridge is checked against
 * the value Databricks returns for the same expression.
 */
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await startLocalWarehouse();
});

afterAll(async () => {
  await warehouse.close();
});

async function value(expression: string): Promise<unknown> {
  const [row] = await warehouse.query(`SELECT ${expression} AS v`);
  return row?.v;
}

it.each<[string, unknown]>([
  ["nvl(NULL, 'fallback')", "fallback"],
  ["nvl2(NULL, 'a', 'b')", "b"],
  ["concat('a', NULL, 'b')", null],
  ["concat('a', 1, 'b')", "a1b"],
  ["timestampadd(HOUR, -2, TIMESTAMP '2024-01-01 01:00:00')", new Date("2023-12-31T23:00:00Z")],
  ["timestampadd(MONTH, 1, DATE '2024-01-31')", new Date("2024-02-29T00:00:00Z")],
  ["dateadd(DAY, 2, TIMESTAMP '2024-01-01 10:00:00')", new Date("2024-01-03T10:00:00Z")],
  ["timestampdiff(HOUR, TIMESTAMP '2024-01-01 10:59:00', TIMESTAMP '2024-01-01 12:01:00')", 1],
  ["date_sub(DATE '2024-03-01', 1)", new Date("2024-02-29T00:00:00Z")],
  ["date_add('2024-02-28', 2)", new Date("2024-03-01T00:00:00Z")],
  ["datediff(DATE '2024-03-01', DATE '2024-02-01')", 29],
  ["regexp_replace('a-b-c', '-', '+')", "a+b+c"],
  ["regexp_extract('key=value', '(\\\\w+)=(\\\\w+)')", "key"],
  ["split('a1b22c', '[0-9]+')", ["a", "b", "c"]],
  ["round(log(exp(2)), 6)", 2],
  ["dayofweek(DATE '2024-06-02')", 1],
  ["array(10, 20, 30)[0]", 10],
  ["named_struct('start', 1, 'end', 2).end", 2],
  ["map('k', 1.5)['k']", 1.5],
  ["size(array(1, 2, 3))", 3],
  ["isnull(NULL)", true],
  ["NULL <=> NULL", true],
  ["CAST('2024-01-01 10:00:00' AS TIMESTAMP)", new Date("2024-01-01T10:00:00Z")],
  ["CAST(TIMESTAMP '2024-01-01 10:00:00' AS STRING)", "2024-01-01 10:00:00"],
  ["get_json_object('{\"predictions\": [0.5]}', '$.predictions[0]')", "0.5"],
  ['json_object_keys(\'{"a": 1, "b": null}\')', ["a", "b"]],
  [
    "(SELECT to_json(struct(t.*), map('ignoreNullFields', 'false')) FROM (SELECT 1 AS a, CAST(NULL AS DOUBLE) AS b) AS t)",
    '{"a":1,"b":null}',
  ],
  ["current_catalog()", "main"],
  ["current_database()", "default"],
  ['"double-quoted string"', "double-quoted string"],
  ["'tab\\tand \\'quote\\''", "tab\tand 'quote'"],
  ["10L + 1", 11],
  ["'a_b' LIKE 'a\\_b'", true],
  ["'axb' LIKE 'a\\_b'", false],
  ["'50%' LIKE '50\\%'", true],
  ["(SELECT count_if(x > 0) FROM range(0) AS t(x))", 0],
  ["(SELECT count_if(x > 1) FROM range(4) AS t(x))", 2],
  ["TIMESTAMP '2024-01-08 00:00:00' - make_dt_interval(7)", new Date("2024-01-01T00:00:00Z")],
  [
    "TIMESTAMP '2024-01-01 00:00:00' + make_dt_interval(0, 1, 30, 1.5)",
    new Date("2024-01-01T01:30:01.500Z"),
  ],
  ["DATE '2024-01-31' + make_ym_interval(1, 1)", new Date("2025-02-28T00:00:00Z")],
])("%s = %p", async (expression, expected) => {
  expect(await value(expression)).toEqual(expected);
});

it("reads current_timestamp() as now, in UTC", async () => {
  const now = (await value("current_timestamp()")) as Date;
  expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(5000);
  expect(await value("timestampadd(DAY, -1, now()) < current_timestamp")).toBe(true);
});

it("creates three-level tables in new catalogs and schemas, with Databricks column types", async () => {
  await warehouse.query("CREATE CATALOG IF NOT EXISTS ml_acc");
  await warehouse.query("CREATE SCHEMA IF NOT EXISTS ml_acc.monitoring");
  await warehouse.query(
    "CREATE TABLE IF NOT EXISTS ml_acc.monitoring.`typed` (s STRING, i INT, l LONG, d DOUBLE, dec DECIMAL(12,2), b BOOLEAN, " +
      "dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, bin BINARY, arr ARRAY<STRING>, m MAP<STRING, DOUBLE>, " +
      "st STRUCT<start: TIMESTAMP, `end`: TIMESTAMP>) USING DELTA CLUSTER BY (s) COMMENT 'types'",
  );
  const columns = await warehouse.duckdb.query(
    "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'ml_acc' AND table_name = 'typed' ORDER BY column_index",
  );
  expect(
    columns.map((column) => `${String(column.column_name)} ${String(column.data_type)}`),
  ).toEqual([
    "s VARCHAR",
    "i INTEGER",
    "l BIGINT",
    "d DOUBLE",
    "dec DECIMAL(12,2)",
    "b BOOLEAN",
    "dt DATE",
    "ts TIMESTAMP",
    "ntz TIMESTAMP",
    "bin BLOB",
    "arr VARCHAR[]",
    "m MAP(VARCHAR, DOUBLE)",
    'st STRUCT("start" TIMESTAMP, "end" TIMESTAMP)',
  ]);
});

it("keeps the catalog called main in a DuckDB database of another name", async () => {
  await warehouse.query("CREATE TABLE main.default.placed (x INT)");
  expect(warehouse.duckdb.catalogName("main")).toBe("main__dbx");
  const tables = await warehouse.duckdb.query(
    "SELECT database_name FROM duckdb_tables() WHERE table_name = 'placed'",
  );
  expect(tables).toEqual([{ database_name: "main__dbx" }]);
});

it("runs the same translation end to end through the driver", async () => {
  const driver = await openDriverSession(warehouse);
  try {
    await driver.run(
      "CREATE OR REPLACE TABLE main.default.alerts_input (window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, score DOUBLE) USING DELTA",
    );
    await driver.run(
      "INSERT INTO main.default.alerts_input VALUES " +
        "(named_struct('start', TIMESTAMP '2024-01-01 00:00:00', 'end', TIMESTAMP '2024-01-02 00:00:00'), 0.1), " +
        "(named_struct('start', TIMESTAMP '2024-01-02 00:00:00', 'end', TIMESTAMP '2024-01-03 00:00:00'), NULL)",
    );
    expect(
      await driver.run(
        "SELECT max(window.end) AS latest_end, count(*) AS windows, sum(nvl(score, 0)) AS total " +
          "FROM `main`.`default`.alerts_input WHERE window.start >= timestampadd(DAY, -1, TIMESTAMP '2024-01-02 00:00:00')",
      ),
    ).toEqual([{ latest_end: new Date("2024-01-03T00:00:00Z"), windows: 2, total: 0.1 }]);
  } finally {
    await driver.close();
  }
});
