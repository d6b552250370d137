import { COMPARATORS, DRIFT_STATISTICS, DRIFT_STATISTIC_NAMES } from "../config/drift-statistics";
import { quoteIdentifier, quoteTableName } from "./identifiers";
import { commaLines, constantStringLiteral, indent } from "./sql-text";
import {
  DATA_QUALITY,
  DATA_QUALITY_STATISTICS,
  DRIFT_TYPES,
  TABLE_LEVEL_COLUMN,
  isComparator,
} from "./threshold-rows";
import { wholeTableAllModels } from "./monitor-metric-rows";
import type { TableName } from "./types";

/**
 * The alert query of one model and severity: ONE row, whose `violations` column is the number
 * of thresholds in breach (what the AlertV2 compares: GREATER_THAN_OR_EQUAL 1) and whose `breaches`
 * column names them for the notification, e.g.
 * `amount ks_test.pvalue CONSECUTIVE 1 day: 0.0012 < 0.01; :table staleness_hours DATA_QUALITY: 30.5 > 24.0`.
 *
 * Design:
 * - Thresholds are read from the thresholds table at evaluation time, so the query text is the
 *   same for every threshold set; the model and severity are named parameters (`:model`,
 *   `:severity`) bound by the alert's `parameters`.
 * - A threshold's statistic selects a metric column through a fixed CASE over the statistics
 *   this project knows (config/drift-statistics.ts): table text never becomes SQL.
 * - "Latest window" = the newest window that has ended, per granularity (and per drift type for
 *   drift rows), whole-table rows over all model ids only (monitor-metric-rows.ts). An
 *   unfinished window would make the row-count check fire every morning and the drift tests
 *   noisy.
 *   ASSUMPTION: the metric tables hold a window only once the monitor's refresh has computed
 *   it, so "ended" is close enough to "complete". A window that ended after the last refresh
 *   and before the alert runs is not in the table yet and the previous one is read: schedule
 *   the alert after the monitor's refresh (README, "Thresholds and alerts"), not before it.
 * - Data quality from the same thresholds table (drift_type DATA_QUALITY): null rate of a
 *   feature in the latest profile window, row count of the latest window against the one
 *   before it, hours since the newest processed row, and (opt-in) hours since the newest
 *   finished profile window ended: a monitor whose refreshes fail or stopped says so itself
 *   instead of through misleading drift and volume figures.
 * - Rows the query cannot evaluate (unknown statistic, check type or comparator) and a model
 *   with no thresholds at all count as breaches: a broken threshold must not look healthy.
 * - Empty metric tables (monitor not refreshed yet) give no drift or profile checks (0); an
 *   empty processed table is stale ("no rows"), which counts.
 */

export const ALERT_VALUE_COLUMN = "violations";
export const ALERT_DETAIL_COLUMN = "breaches";

export interface AlertQueryTables {
  thresholdsTable: TableName;
  driftMetricsTable: TableName;
  profileMetricsTable: TableName;
  processedTable: TableName;
  /** The processed table's event time column (the monitor's timestamp column). */
  timestampColumn: string;
}

/** The AlertV2 `parameters` the query expects (values bound, never spliced). */
export function alertQueryParameters(
  model: string,
  severity: string,
): { model: string; severity: string } {
  return { model, severity };
}

const q = quoteIdentifier;
/** `alias`.`part`.`part`: a column or struct field of a table alias. */
const col = (alias: string, ...parts: string[]) =>
  [alias, ...parts.map((part) => q(part))].join(".");
const lit = constantStringLiteral;

/** The columns every check produces, in this order, so the checks can be UNION ALLed. */
const CHECK_COLUMNS = [
  "column_name",
  "statistic",
  "drift_type",
  "granularity",
  "comparator",
  "threshold",
  "observed",
  "missing_is_breach",
  "problem",
] as const;
type CheckColumn = (typeof CHECK_COLUMNS)[number];

function checkSelect(values: Record<CheckColumn, string>): string {
  return `SELECT\n${indent(commaLines(CHECK_COLUMNS.map((name) => `${values[name]} AS ${q(name)}`)))}`;
}

/** The threshold's own columns, as every check reports them. */
function thresholdColumns(
  alias: string,
): Pick<
  Record<CheckColumn, string>,
  "column_name" | "statistic" | "drift_type" | "comparator" | "threshold"
> {
  return {
    column_name: col(alias, "column_name"),
    statistic: col(alias, "statistic"),
    drift_type: col(alias, "drift_type"),
    comparator: col(alias, "comparator"),
    threshold: col(alias, "value"),
  };
}

function comparatorLiteral(comparator: string): string {
  if (!isComparator(comparator))
    throw new Error(`unknown comparator ${JSON.stringify(comparator)}`);
  // The comparator alphabet is < > =: nothing that needs escaping in a literal.
  return `'${comparator}'`;
}

function inList(expression: string, values: readonly string[]): string {
  return `${expression} IN (${values.map(lit).join(", ")})`;
}

/** CASE over the known drift statistics: statistic name -> metric column (a whitelist). */
function driftStatisticCase(statistic: string, drift: string): string {
  const branches = DRIFT_STATISTIC_NAMES.map((name) => {
    const parts = DRIFT_STATISTICS[name].expression.split(".");
    return `WHEN ${lit(name)} THEN ${col(drift, ...parts)}`;
  });
  return ["CAST(CASE " + statistic, indent(branches.join("\n")), "END AS DOUBLE)"].join("\n");
}

export function alertQuerySql(tables: AlertQueryTables): string {
  const thresholds = quoteTableName(tables.thresholdsTable);
  const drift = quoteTableName(tables.driftMetricsTable);
  const profile = quoteTableName(tables.profileMetricsTable);
  const processed = quoteTableName(tables.processedTable);
  const isDataQuality = (alias: string) => `${col(alias, "drift_type")} = ${lit(DATA_QUALITY)}`;
  const wholeTable = (alias: string) => wholeTableAllModels((name) => col(alias, name));
  const ended = (alias: string) => `${col(alias, "window", "end")} <= current_timestamp()`;
  const inputRows = (alias: string) => `${col(alias, "log_type")} = ${lit("INPUT")}`;
  const nullText = "CAST(NULL AS STRING)";
  /**
   * A `:table` check on the hours since `newestCte`'s `newest` timestamp (read as `alias`, one
   * per CTE); none at all is a breach.
   */
  const hoursSinceCheck = (statistic: string, newestCte: string, alias: string, whenNone: string) =>
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: nullText,
        observed: `CAST(timestampdiff(MINUTE, ${col(alias, "newest")}, current_timestamp()) AS DOUBLE) / 60`,
        missing_is_breach: "TRUE",
        problem: `CASE WHEN ${col(alias, "newest")} IS NULL THEN ${lit(whenNone)} END`,
      }),
      "FROM thresholds AS th",
      `CROSS JOIN ${newestCte} AS ${alias}`,
      `WHERE ${col("th", "statistic")} = ${lit(statistic)} AND ${isDataQuality("th")}`,
    ].join("\n");

  const ctes: Array<[string, string]> = [
    [
      "thresholds",
      [
        `SELECT ${["column_name", "statistic", "drift_type", "comparator", "value"].map((c) => col("t", c)).join(", ")}`,
        `FROM ${thresholds} AS t`,
        `WHERE ${col("t", "model")} = :model AND ${col("t", "severity")} = :severity`,
      ].join("\n"),
    ],
    [
      "latest_drift_windows",
      [
        `SELECT ${col("dw", "granularity")}, ${col("dw", "drift_type")}, max(${col("dw", "window", "start")}) AS ${q("window_start")}`,
        `FROM ${drift} AS dw`,
        `WHERE ${wholeTable("dw")} AND ${ended("dw")}`,
        `GROUP BY ${col("dw", "granularity")}, ${col("dw", "drift_type")}`,
      ].join("\n"),
    ],
    [
      "drift_checks",
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: col("d", "granularity"),
          observed: driftStatisticCase(col("th", "statistic"), "d"),
          // A statistic Databricks did not compute (NULL) is not a breach.
          missing_is_breach: "FALSE",
          problem: nullText,
        }),
        "FROM thresholds AS th",
        `JOIN ${drift} AS d`,
        `  ON ${col("d", "column_name")} = ${col("th", "column_name")} AND ${col("d", "drift_type")} = ${col("th", "drift_type")}`,
        "JOIN latest_drift_windows AS lw",
        `  ON ${col("lw", "granularity")} = ${col("d", "granularity")} AND ${col("lw", "drift_type")} = ${col("d", "drift_type")}`,
        `  AND ${col("lw", "window_start")} = ${col("d", "window", "start")}`,
        `WHERE ${wholeTable("d")}`,
      ].join("\n"),
    ],
    [
      "profile_windows",
      [
        `SELECT ${col("pw", "granularity")}, ${col("pw", "window", "start")} AS ${q("window_start")}, ${col("pw", "count")} AS ${q("row_count")},`,
        `  row_number() OVER (PARTITION BY ${col("pw", "granularity")} ORDER BY ${col("pw", "window", "start")} DESC) AS ${q("recency")}`,
        `FROM ${profile} AS pw`,
        `WHERE ${col("pw", "column_name")} = ${lit(TABLE_LEVEL_COLUMN)} AND ${wholeTable("pw")} AND ${inputRows("pw")} AND ${ended("pw")}`,
      ].join("\n"),
    ],
    [
      "null_rate_checks",
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: col("win", "granularity"),
          observed: `CAST(${col("p", "num_nulls")} AS DOUBLE) / nullif(${col("win", "row_count")}, 0)`,
          missing_is_breach: "FALSE",
          problem: nullText,
        }),
        "FROM thresholds AS th",
        `JOIN ${profile} AS p ON ${col("p", "column_name")} = ${col("th", "column_name")}`,
        "JOIN profile_windows AS win",
        `  ON ${col("win", "granularity")} = ${col("p", "granularity")} AND ${col("win", "window_start")} = ${col("p", "window", "start")}`,
        `WHERE ${col("th", "statistic")} = ${lit("null_rate")} AND ${isDataQuality("th")} AND ${col("win", "recency")} = 1`,
        `  AND ${wholeTable("p")} AND ${inputRows("p")}`,
      ].join("\n"),
    ],
    [
      "row_count_checks",
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: col("latest", "granularity"),
          observed: `CAST(${col("latest", "row_count")} AS DOUBLE) / nullif(${col("previous", "row_count")}, 0)`,
          missing_is_breach: "FALSE",
          problem: nullText,
        }),
        "FROM thresholds AS th",
        "CROSS JOIN profile_windows AS latest",
        "JOIN profile_windows AS previous",
        `  ON ${col("previous", "granularity")} = ${col("latest", "granularity")} AND ${col("previous", "recency")} = 2`,
        `WHERE ${col("th", "statistic")} = ${lit("row_count_ratio")} AND ${isDataQuality("th")} AND ${col("latest", "recency")} = 1`,
      ].join("\n"),
    ],
    [
      "newest_row",
      `SELECT max(${col("e", tables.timestampColumn)}) AS ${q("newest")}\nFROM ${processed} AS e`,
    ],
    [
      "staleness_checks",
      // No processed row at all is as stale as it gets.
      hoursSinceCheck("staleness_hours", "newest_row", "n", "no rows in the processed table"),
    ],
    [
      "newest_metrics_window",
      [
        `SELECT max(${col("mw", "window", "end")}) AS ${q("newest")}`,
        `FROM ${profile} AS mw`,
        `WHERE ${col("mw", "column_name")} = ${lit(TABLE_LEVEL_COLUMN)} AND ${wholeTable("mw")} AND ${inputRows("mw")} AND ${ended("mw")}`,
      ].join("\n"),
    ],
    [
      "metrics_age_checks",
      // No finished window at all: the monitor has not written metrics to alert on.
      hoursSinceCheck(
        "metrics_age_hours",
        "newest_metrics_window",
        "m",
        "no finished window in the profile metrics table",
      ),
    ],
    [
      "invalid_rows",
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: nullText,
          observed: "CAST(NULL AS DOUBLE)",
          missing_is_breach: "TRUE",
          problem: lit("cannot be evaluated: unknown statistic, check type or comparator"),
        }),
        "FROM thresholds AS th",
        "WHERE NOT (",
        `  (${inList(col("th", "drift_type"), DRIFT_TYPES)} AND ${inList(col("th", "statistic"), DRIFT_STATISTIC_NAMES)})`,
        `  OR (${isDataQuality("th")} AND ${inList(col("th", "statistic"), DATA_QUALITY_STATISTICS)})`,
        `) OR NOT ${col("th", "comparator")} IN (${COMPARATORS.map(comparatorLiteral).join(", ")})`,
      ].join("\n"),
    ],
    [
      "missing_thresholds",
      [
        checkSelect({
          column_name: lit(TABLE_LEVEL_COLUMN),
          statistic: lit("thresholds"),
          drift_type: lit(DATA_QUALITY),
          granularity: nullText,
          comparator: comparatorLiteral("<"),
          threshold: "CAST(1 AS DOUBLE)",
          observed: "CAST(count(*) AS DOUBLE)",
          missing_is_breach: "TRUE",
          problem: lit("no thresholds for this model and severity in the thresholds table"),
        }),
        "FROM thresholds",
        "HAVING count(*) = 0",
      ].join("\n"),
    ],
    [
      "checks",
      [
        "drift_checks",
        "null_rate_checks",
        "row_count_checks",
        "staleness_checks",
        "metrics_age_checks",
        "invalid_rows",
        "missing_thresholds",
      ]
        .map((name) => `SELECT * FROM ${name}`)
        .join("\nUNION ALL\n"),
    ],
    [
      "breaches",
      [
        "SELECT c.*",
        "FROM checks AS c",
        "WHERE CASE",
        indent(
          [
            `WHEN ${col("c", "problem")} IS NOT NULL THEN TRUE`,
            `WHEN ${col("c", "observed")} IS NULL THEN ${col("c", "missing_is_breach")}`,
            ...COMPARATORS.map(
              (comparator) =>
                `WHEN ${col("c", "comparator")} = ${comparatorLiteral(comparator)} THEN ${col("c", "observed")} ${comparator} ${col("c", "threshold")}`,
            ),
            "ELSE FALSE",
          ].join("\n"),
        ),
        "END",
      ].join("\n"),
    ],
  ];

  // "amount ks_test.pvalue CONSECUTIVE 1 day: 0.0012 < 0.01" or "...: <problem>".
  const description = [
    "concat(",
    indent(
      commaLines([
        col("b", "column_name"),
        "' '",
        col("b", "statistic"),
        "' '",
        col("b", "drift_type"),
        `coalesce(concat(' ', ${col("b", "granularity")}), '')`,
        "': '",
        `coalesce(${col("b", "problem")}, concat(CAST(round(${col("b", "observed")}, 4) AS STRING), ' ', ${col("b", "comparator")}, ' ', CAST(${col("b", "threshold")} AS STRING)))`,
      ]),
    ),
    ")",
  ].join("\n");

  return [
    "WITH",
    commaLines(ctes.map(([name, body]) => `${name} AS (\n${indent(body)}\n)`)),
    "SELECT",
    indent(
      commaLines([
        `count(*) AS ${q(ALERT_VALUE_COLUMN)}`,
        `coalesce(string_agg(${description}, '; '), '') AS ${q(ALERT_DETAIL_COLUMN)}`,
      ]),
    ),
    "FROM breaches AS b",
  ].join("\n");
}
