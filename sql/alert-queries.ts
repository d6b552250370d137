import { COMPARATORS, DRIFT_STATISTIC_NAMES } from "../core/drift-statistics";
import {
  MONITORING,
  WAITING_FOR_FIRST_REQUEST,
  WAITING_FOR_FIRST_WINDOW,
} from "../core/model-stage";
import { driftCheckCtes } from "./alert-drift-checks";
import {
  NULL_TEXT,
  checkSelect,
  col,
  comparatorLiteral,
  inList,
  lit,
  q,
  thresholdColumns,
} from "./alert-query-parts";

import { commaLines, indent } from "./sql-text";
import { DATA_QUALITY, DATA_QUALITY_STATISTICS } from "../core/threshold-rows";
import { wholeTableAllModels } from "./monitor-metric-rows";
import type { AlertQueryTables } from "../core/alert-spec";
import { quoteTableName } from "./quoting";
import { DRIFT_TYPES } from "../core/enums";
import { TABLE_LEVEL_COLUMN } from "../core/columns";

/**
 * The alert query of one model and severity: ONE row, whose `violations` column is the number
 * of thresholds in breach (what the AlertV2 compares: GREATER_THAN_OR_EQUAL 1), whose `breaches`
 * column names them for the notification, e.g.
 * `amount ks_test.pvalue CONSECUTIVE 1 day: 0.0012 < 0.01; :table staleness_hours DATA_QUALITY: 30.5 > 24.0`,
 * and whose `model_status` says where the model stands: "waiting for first request" (no
 * processed row yet), "waiting for first window" (rows, but no finished metrics window) or
 * "monitoring". The two waiting states are not breaches: the alert stays OK and says so.
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
 * - No data yet is not a breach. An empty processed table (no request yet) has no staleness;
 *   empty metric tables give no drift or profile checks; "hours since the newest finished
 *   window" with no window at all counts the hours since the oldest processed row instead, so
 *   a monitor that never manages a window still breaches once the data is older than the limit.
 * - Drift statistics are read by name from the row as JSON, not as columns: a metric table
 *   without one of them (UNCONFIRMED which statistics Databricks writes, e.g. PSI for numeric
 *   columns) does not break the whole query; a threshold on the missing statistic cannot be
 *   evaluated and counts as a breach that names the column.
 * - LIMIT (UNCONFIRMED, no SQL can avoid it): the query reads the metric tables, which exist only
 *   after the monitor's first successful refresh; a refresh of a table without rows may write
 *   none. Until then the query fails and the AlertV2 shows ERROR (it notifies on TRIGGERED and,
 *   with notifyOnOk, on OK, not on errors), and converges by itself once the monitor writes the
 *   tables. check-thresholds and the stack output say "waiting for first window" meanwhile.
 */

export const ALERT_VALUE_COLUMN = "violations";
export const ALERT_DETAIL_COLUMN = "breaches";
export const ALERT_STATUS_COLUMN = "model_status";

/** The AlertV2 `parameters` the query expects (values bound, never spliced). */
export function alertQueryParameters(
  model: string,
  severity: string,
): { model: string; severity: string } {
  return { model, severity };
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
  const nullText = NULL_TEXT;
  const hoursSince = (timestamp: string) =>
    `CAST(timestampdiff(MINUTE, ${timestamp}, current_timestamp()) AS DOUBLE) / 60`;
  /** The `:table` data-quality rows of one statistic, next to the one-row CTEs they compare. */
  const tableCheckFrom = (statistic: string, ...oneRowCtes: string[]) => [
    "FROM thresholds AS th",
    ...oneRowCtes.map((cte) => `CROSS JOIN ${cte}`),
    `WHERE ${col("th", "statistic")} = ${lit(statistic)} AND ${isDataQuality("th")}`,
  ];

  const ctes: Array<[string, string]> = [
    [
      "thresholds",
      [
        `SELECT ${["column_name", "statistic", "drift_type", "comparator", "value"].map((c) => col("t", c)).join(", ")}`,
        `FROM ${thresholds} AS t`,
        `WHERE ${col("t", "model")} = :model AND ${col("t", "severity")} = :severity`,
      ].join("\n"),
    ],
    ...driftCheckCtes(drift),
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
          detail: nullText,
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
          detail: nullText,
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
      [
        `SELECT max(${col("e", tables.timestampColumn)}) AS ${q("newest")}, min(${col("e", tables.timestampColumn)}) AS ${q("oldest")}`,
        `FROM ${processed} AS e`,
      ].join("\n"),
    ],
    [
      "staleness_checks",
      // No processed row at all: no request yet, nothing is stale (the model_status says so).
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: nullText,
          observed: hoursSince(col("n", "newest")),
          missing_is_breach: "FALSE",
          problem: nullText,
          detail: nullText,
        }),
        ...tableCheckFrom("staleness_hours", "newest_row AS n"),
      ].join("\n"),
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
      // No finished window yet: the age of the oldest processed row is what counts, so a fresh
      // model waits, and a monitor that never writes a window breaches once data is that old.
      [
        checkSelect({
          ...thresholdColumns("th"),
          granularity: nullText,
          observed: hoursSince(`coalesce(${col("m", "newest")}, ${col("n", "oldest")})`),
          missing_is_breach: "FALSE",
          problem: nullText,
          detail: `CASE WHEN ${col("m", "newest")} IS NULL THEN ${lit("no finished window yet, hours since the oldest processed row: ")} END`,
        }),
        ...tableCheckFrom("metrics_age_hours", "newest_metrics_window AS m", "newest_row AS n"),
      ].join("\n"),
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
          detail: nullText,
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
          detail: nullText,
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
        `coalesce(${col("b", "problem")}, concat(coalesce(${col("b", "detail")}, ''), CAST(round(${col("b", "observed")}, 4) AS STRING), ' ', ${col("b", "comparator")}, ' ', CAST(${col("b", "threshold")} AS STRING)))`,
      ]),
    ),
    ")",
  ].join("\n");

  ctes.push(
    [
      "summary",
      [
        "SELECT",
        indent(
          commaLines([
            `count(*) AS ${q(ALERT_VALUE_COLUMN)}`,
            `coalesce(string_agg(${description}, '; '), '') AS ${q(ALERT_DETAIL_COLUMN)}`,
          ]),
        ),
        "FROM breaches AS b",
      ].join("\n"),
    ],
    [
      "model_stage",
      [
        "SELECT CASE",
        indent(
          [
            `WHEN ${col("n", "newest")} IS NULL THEN ${lit(WAITING_FOR_FIRST_REQUEST)}`,
            `WHEN ${col("m", "newest")} IS NULL THEN ${lit(WAITING_FOR_FIRST_WINDOW)}`,
            `ELSE ${lit(MONITORING)}`,
          ].join("\n"),
        ),
        `END AS ${q("stage")}`,
        "FROM newest_row AS n",
        "CROSS JOIN newest_metrics_window AS m",
      ].join("\n"),
    ],
  );

  return [
    "WITH",
    commaLines(ctes.map(([name, body]) => `${name} AS (\n${indent(body)}\n)`)),
    `SELECT ${col("s", ALERT_VALUE_COLUMN)}, ${col("s", ALERT_DETAIL_COLUMN)}, ${col("st", "stage")} AS ${q(ALERT_STATUS_COLUMN)}`,
    "FROM summary AS s",
    "CROSS JOIN model_stage AS st",
  ].join("\n");
}
