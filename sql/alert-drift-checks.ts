import { DRIFT_STATISTICS, DRIFT_STATISTIC_NAMES } from "../core/drift-statistics";
import type { DriftStatisticName } from "../core/drift-statistics";
import {
  NULL_TEXT,
  checkSelect,
  col,
  ended,
  lit,
  q,
  thresholdColumns,
  wholeTable,
  type Cte,
} from "./alert-query-parts";
import { indent } from "./sql-text";

/**
 * The drift part of the alert query (alert-queries.ts): the newest finished window per
 * granularity and drift type, its whole-table rows over all model ids, and one check per drift
 * threshold. Statistics are read by name from each row as JSON (nulls kept), so a statistic
 * column the table lacks (UNCONFIRMED which ones Databricks writes) is a missing key that fails
 * only the thresholds on it ("cannot be evaluated: ... has no column ..."), not the query.
 */

/** CASE over the known drift statistics (a whitelist): statistic name -> a constant per name. */
function perStatistic(statistic: string, value: (name: DriftStatisticName) => string): string {
  const branches = DRIFT_STATISTIC_NAMES.map((name) => `WHEN ${lit(name)} THEN ${value(name)}`);
  return ["CASE " + statistic, indent(branches.join("\n")), "END"].join("\n");
}

/** The JSON path of a statistic in a drift metrics row (`$.ks_test.pvalue`). */
const jsonPath = (name: DriftStatisticName) => lit(`$.${DRIFT_STATISTICS[name].expression}`);
/** The drift metrics column that holds it (`ks_test`). */
const topColumn = (name: DriftStatisticName) =>
  lit(DRIFT_STATISTICS[name].expression.split(".")[0] as string);

/** The CTEs, after `thresholds`; `drift` is the quoted drift metrics table. */
export function driftCheckCtes(drift: string): Cte[] {
  return [
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
      "latest_drift",
      // Each row as JSON (nulls kept), so statistics are read by name: a column the table lacks
      // is a missing key, not a failed query.
      [
        `SELECT ${col("d", "column_name")}, ${col("d", "drift_type")}, ${col("d", "granularity")},`,
        `  to_json(struct(d.*), map('ignoreNullFields', 'false')) AS ${q("metrics")}`,
        `FROM ${drift} AS d`,
        "JOIN latest_drift_windows AS lw",
        `  ON ${col("lw", "granularity")} = ${col("d", "granularity")} AND ${col("lw", "drift_type")} = ${col("d", "drift_type")}`,
        `  AND ${col("lw", "window_start")} = ${col("d", "window", "start")}`,
        `WHERE ${wholeTable("d")}`,
      ].join("\n"),
    ],
    [
      "drift_readings",
      // Per drift threshold: its latest rows, and where its statistic sits in them.
      [
        `SELECT th.*, ${col("ld", "granularity")}, ${col("ld", "metrics")},`,
        `  ${indent(perStatistic(col("th", "statistic"), jsonPath)).trimStart()} AS ${q("path")},`,
        `  ${indent(perStatistic(col("th", "statistic"), topColumn)).trimStart()} AS ${q("metric_column")}`,
        "FROM thresholds AS th",
        "JOIN latest_drift AS ld",
        `  ON ${col("ld", "column_name")} = ${col("th", "column_name")} AND ${col("ld", "drift_type")} = ${col("th", "drift_type")}`,
      ].join("\n"),
    ],
    [
      "drift_checks",
      [
        checkSelect({
          ...thresholdColumns("r"),
          granularity: col("r", "granularity"),
          observed: `CAST(get_json_object(${col("r", "metrics")}, ${col("r", "path")}) AS DOUBLE)`,
          // A statistic Databricks did not compute (NULL) is not a breach.
          missing_is_breach: "FALSE",
          // A statistic the table has no column for cannot be evaluated: a breach.
          problem: [
            `CASE WHEN NOT array_contains(json_object_keys(${col("r", "metrics")}), ${col("r", "metric_column")})`,
            `  THEN concat('cannot be evaluated: the drift metrics table has no column ', ${col("r", "metric_column")}) END`,
          ].join("\n"),
          detail: NULL_TEXT,
        }),
        "FROM drift_readings AS r",
      ].join("\n"),
    ],
  ];
}
