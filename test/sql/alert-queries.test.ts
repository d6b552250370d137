import { alertQueryTables, type AlertQueryTables } from "../../core/alert-spec";
import { processedTableSpecOf } from "../../core/processed-table-spec";
import { DRIFT_STATISTICS, DRIFT_STATISTIC_NAMES } from "../../core/drift-statistics";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
  alertQueryBeforeMetricTablesSql,
  alertQueryParameters,
  alertQuerySql,
  alertScriptSql,
} from "../../sql/alert-queries";
import { indent } from "../../sql/sql-text";
import { formatTableName } from "../../core/names";
import { processedTableColumns } from "../../sql/processed-table";
import {
  collectColumnUsage,
  unknownColumnReferences,
  type KnownColumns,
} from "../support/spark-sql/spark-column-usage";
import { parseDatabricksSql } from "../support/spark-sql/spark-parse";
import { DATA_QUALITY_STATISTICS } from "../../core/threshold-rows";
import { THRESHOLDS_TABLE_COLUMN_NAMES } from "../../sql/thresholds-table";
import {
  driftMetricsColumns,
  inferenceLogMetricColumns,
  profileMetricsColumns,
} from "../support/warehouse/generators/metric-tables";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { alertingGolden, alertingGoldenFiles } from "./alerting-golden";

const [spec] = loadFixture({ fraud: baseModel() }, baseStack(), "dev").models;
if (!spec) throw new Error("no spec");
const TABLES = alertQueryTables(spec);
const SQL = alertQuerySql(TABLES);

function knownColumns(tables: AlertQueryTables): KnownColumns {
  return {
    tables: {
      [formatTableName(tables.thresholdsTable)]: THRESHOLDS_TABLE_COLUMN_NAMES,
      // An InferenceLog monitor's tables: the documented columns plus its model id column.
      [formatTableName(tables.driftMetricsTable)]: [
        ...driftMetricsColumns.map((c) => c.name),
        ...inferenceLogMetricColumns("model_id").map((c) => c.name),
      ],
      [formatTableName(tables.profileMetricsTable)]: [
        ...profileMetricsColumns.map((c) => c.name),
        ...inferenceLogMetricColumns("model_id").map((c) => c.name),
      ],
      [formatTableName(tables.processedTable)]: processedTableColumns(
        processedTableSpecOf(spec as never),
      ).map((c) => c.name),
    },
  };
}

describe("alert query", () => {
  it("matches its golden file", () => {
    const { actual, expected } = alertingGolden(
      "alert-query.fraud.sql",
      `model fraud, stack dev: violations, breaches and model status; parameters :${Object.keys(alertQueryParameters("fraud", "critical")).join(", :")}`,
      SQL,
    );
    expect(actual).toBe(expected);
    expect(alertingGoldenFiles("alert-query.")).toEqual(["alert-query.fraud.sql"]);
  });

  it("parses as one statement with the Spark grammar, as written", () => {
    const result = parseDatabricksSql(SQL);
    expect(result.errors).toEqual([]);
    expect(result.statementCount).toBe(1);
    expect(result.adaptations).toEqual([]);
  });

  it("reads the four tables and only columns they have", () => {
    const usage = collectColumnUsage(SQL);
    const tables = new Set(usage.tables.map((t) => t.name).filter((name) => name.includes(".")));
    expect([...tables].sort()).toEqual(Object.keys(knownColumns(TABLES).tables).sort());
    expect(unknownColumnReferences(usage, knownColumns(TABLES))).toEqual([]);
    // Not vacuous: the references it checks include metric-table columns.
    const checked = usage.columnReferences.map((parts) => parts.slice(0, 2).join("."));
    expect(checked).toEqual(
      expect.arrayContaining([
        "d.drift_type",
        "p.num_nulls",
        "pw.count",
        "t.model",
        "e.request_time",
        "ld.metrics",
      ]),
    );
  });

  it("is caught by the column check when a metric column is misspelt", () => {
    for (const [from, to] of [
      ["p.`num_nulls`", "p.`num_null`"],
      ["d.`drift_type`", "d.`type`"],
      ["t.`severity`", "t.`level`"],
    ] as const) {
      const broken = SQL.replace(from, to);
      expect(broken).not.toBe(SQL);
      expect(unknownColumnReferences(collectColumnUsage(broken), knownColumns(TABLES))).not.toEqual(
        [],
      );
    }
  });

  it("maps every drift statistic, and only those, to its place in a drift metrics row", () => {
    const driftColumns = driftMetricsColumns.map((c) => c.name);
    for (const name of DRIFT_STATISTIC_NAMES) {
      const expression = DRIFT_STATISTICS[name].expression;
      const column = expression.split(".")[0] as string;
      expect(driftColumns).toContain(column);
      // Read by JSON path (a missing column is a missing key), checked against its column.
      expect(SQL).toContain(`WHEN '${name}' THEN '$.${expression}'`);
      expect(SQL).toContain(`WHEN '${name}' THEN '${column}'`);
    }
    expect(SQL.match(/WHEN '[a-z_.]+' THEN '\$\./g)).toHaveLength(DRIFT_STATISTIC_NAMES.length);
    for (const name of DATA_QUALITY_STATISTICS) expect(SQL).toContain(`'${name}'`);
  });

  it("takes the model and severity as parameters and returns the value, detail and status columns", () => {
    const code = SQL.replace(/'[^']*'/g, "''");
    const markers = [
      ...new Set([...code.matchAll(/(?<![:\w]):([a-z_]+)/g)].map((m) => m[1])),
    ].sort();
    expect(markers).toEqual(Object.keys(alertQueryParameters("fraud", "warning")).sort());
    expect(SQL).not.toContain("'fraud'");
    expect(SQL).toMatch(
      new RegExp(
        `count\\(\\*\\) AS \`${ALERT_VALUE_COLUMN}\`,\\n.*AS \`${ALERT_DETAIL_COLUMN}\`\\n  FROM breaches AS b\\n\\)`,
        "s",
      ),
    );
    expect(SQL).toMatch(
      new RegExp(
        `\\nSELECT s\\.\`${ALERT_VALUE_COLUMN}\`, s\\.\`${ALERT_DETAIL_COLUMN}\`, st\\.\`stage\` AS \`${ALERT_STATUS_COLUMN}\`\\nFROM summary AS s\\nCROSS JOIN model_stage AS st$`,
      ),
    );
  });

  it("has the same text for every threshold set and severity: values live in the table", () => {
    const [other] = loadFixture(
      {
        fraud: baseModel({
          thresholds: [
            { column: "amount", statistic: "wasserstein_distance", value: 3, severity: "warning" },
          ],
        }),
      },
      baseStack({ dataQuality: { maxNullRate: 0.5, severity: "critical" } }),
      "dev",
    ).models;
    expect(alertQuerySql(alertQueryTables(other as never))).toBe(SQL);
  });

  it("rejects table names that are not plain identifiers", () => {
    for (const bad of ["metrics`; DROP TABLE x", "a--b", "drift métrics"]) {
      expect(() =>
        alertQuerySql({
          ...TABLES,
          driftMetricsTable: { ...TABLES.driftMetricsTable, table: bad },
        }),
      ).toThrow(/invalid table name/);
    }
    expect(() => alertQuerySql({ ...TABLES, timestampColumn: "request_time`) --" })).toThrow(
      /invalid identifier/,
    );
  });
});

describe("alert script", () => {
  const SCRIPT = alertScriptSql(TABLES);
  const BEFORE = alertQueryBeforeMetricTablesSql(TABLES);

  it("has a branch before the metric tables that matches its golden file (the script is the two branches, tested below)", () => {
    const { actual, expected } = alertingGolden(
      "alert-before-metric-tables.fraud.sql",
      "model fraud, stack dev: the alert script's branch while a metric table does not exist; the same checks less the ones that read them",
      BEFORE,
    );
    expect(actual).toBe(expected);
    expect(alertingGoldenFiles("alert-before-")).toEqual(["alert-before-metric-tables.fraud.sql"]);
  });

  it("runs the query when information_schema lists both metric tables, else the branch before them", () => {
    const lines = SCRIPT.split("\n");
    expect(lines[0]).toBe("BEGIN");
    expect(lines[1]).toBe(
      "  IF (SELECT count(*) FROM `ml_dev`.`information_schema`.`tables` WHERE `table_schema` = 'monitoring'" +
        " AND `table_name` IN ('fraud_processed_profile_metrics', 'fraud_processed_drift_metrics')) = 2 THEN",
    );
    expect(SCRIPT).toBe(
      [
        "BEGIN",
        lines[1],
        `${indent(SQL, 2)};`,
        "  ELSE",
        `${indent(BEFORE, 2)};`,
        "  END IF;",
        "END",
      ].join("\n"),
    );
  });

  it("has a branch before the metric tables that is one Spark statement reading only the thresholds and processed tables", () => {
    const parsed = parseDatabricksSql(BEFORE);
    expect(parsed.errors).toEqual([]);
    expect(parsed.statementCount).toBe(1);
    const usage = collectColumnUsage(BEFORE);
    const tables = new Set(usage.tables.map((t) => t.name).filter((name) => name.includes(".")));
    expect([...tables].sort()).toEqual(
      [TABLES.processedTable, TABLES.thresholdsTable].map(formatTableName).sort(),
    );
    // The same checks as the query, less the ones that read the metric tables.
    const ctes = (sql: string) => [...sql.matchAll(/^(\w+) AS \($/gm)].map((m) => m[1]);
    const readingMetricTables = [
      "latest_drift_windows",
      "latest_drift",
      "drift_readings",
      "profile_windows",
    ];
    expect(ctes(BEFORE)).toEqual(
      ctes(SQL).filter((name) => !readingMetricTables.includes(name as string)),
    );
    expect(BEFORE).toMatch(/^drift_checks AS \(\n(.+\n)+ {2}LIMIT 0\n\)/m);
  });
});
