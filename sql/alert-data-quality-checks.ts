import { TABLE_LEVEL_COLUMN } from "../core/columns";
import {
  NULL_TEXT,
  checkSelect,
  col,
  ended,
  hoursSince,
  inputRows,
  isDataQuality,
  lit,
  q,
  thresholdColumns,
  wholeTable,
  type Cte,
} from "./alert-query-parts";

/**
 * The data-quality part of the alert query (alert-queries.ts), one function per CTE: the null
 * rate of a feature in the latest profile window, the row count of the latest window against the
 * one before it, hours since the newest processed row, and (opt-in) hours since the newest
 * finished profile window ended. No data yet finds nothing to count: an empty processed table has
 * no staleness, empty metric tables give no profile checks.
 */

/** The `:table` data-quality rows of one statistic, next to the one-row CTEs they compare. */
function tableCheckFrom(statistic: string, ...oneRowCtes: string[]): string[] {
  return [
    "FROM thresholds AS th",
    ...oneRowCtes.map((cte) => `CROSS JOIN ${cte}`),
    `WHERE ${col("th", "statistic")} = ${lit(statistic)} AND ${isDataQuality("th")}`,
  ];
}

/** Finished profile windows per granularity, newest first (`recency` 1), with their row counts. */
export function profileWindowsCte(profile: string): Cte {
  return [
    "profile_windows",
    [
      `SELECT ${col("pw", "granularity")}, ${col("pw", "window", "start")} AS ${q("window_start")}, ${col("pw", "count")} AS ${q("row_count")},`,
      `  row_number() OVER (PARTITION BY ${col("pw", "granularity")} ORDER BY ${col("pw", "window", "start")} DESC) AS ${q("recency")}`,
      `FROM ${profile} AS pw`,
      `WHERE ${col("pw", "column_name")} = ${lit(TABLE_LEVEL_COLUMN)} AND ${wholeTable("pw")} AND ${inputRows("pw")} AND ${ended("pw")}`,
    ].join("\n"),
  ];
}

/** Nulls of each feature with a null-rate threshold, over the rows of the latest window. */
export function nullRateChecksCte(profile: string): Cte {
  return [
    "null_rate_checks",
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: col("win", "granularity"),
        observed: `CAST(${col("p", "num_nulls")} AS DOUBLE) / nullif(${col("win", "row_count")}, 0)`,
        missing_is_breach: "FALSE",
        problem: NULL_TEXT,
        detail: NULL_TEXT,
      }),
      "FROM thresholds AS th",
      `JOIN ${profile} AS p ON ${col("p", "column_name")} = ${col("th", "column_name")}`,
      "JOIN profile_windows AS win",
      `  ON ${col("win", "granularity")} = ${col("p", "granularity")} AND ${col("win", "window_start")} = ${col("p", "window", "start")}`,
      `WHERE ${col("th", "statistic")} = ${lit("null_rate")} AND ${isDataQuality("th")} AND ${col("win", "recency")} = 1`,
      `  AND ${wholeTable("p")} AND ${inputRows("p")}`,
    ].join("\n"),
  ];
}

/** Rows in the latest window against the window before it. */
export function rowCountChecksCte(): Cte {
  return [
    "row_count_checks",
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: col("latest", "granularity"),
        observed: `CAST(${col("latest", "row_count")} AS DOUBLE) / nullif(${col("previous", "row_count")}, 0)`,
        missing_is_breach: "FALSE",
        problem: NULL_TEXT,
        detail: NULL_TEXT,
      }),
      "FROM thresholds AS th",
      "CROSS JOIN profile_windows AS latest",
      "JOIN profile_windows AS previous",
      `  ON ${col("previous", "granularity")} = ${col("latest", "granularity")} AND ${col("previous", "recency")} = 2`,
      `WHERE ${col("th", "statistic")} = ${lit("row_count_ratio")} AND ${isDataQuality("th")} AND ${col("latest", "recency")} = 1`,
    ].join("\n"),
  ];
}

/** The newest and oldest processed row (NULL and NULL: no request yet). */
export function newestRowCte(processed: string, timestampColumn: string): Cte {
  return [
    "newest_row",
    [
      `SELECT max(${col("e", timestampColumn)}) AS ${q("newest")}, min(${col("e", timestampColumn)}) AS ${q("oldest")}`,
      `FROM ${processed} AS e`,
    ].join("\n"),
  ];
}

/** Hours since the newest processed row. No processed row at all: no request yet, nothing is stale (the model_status says so). */
export function stalenessChecksCte(): Cte {
  return [
    "staleness_checks",
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: NULL_TEXT,
        observed: hoursSince(col("n", "newest")),
        missing_is_breach: "FALSE",
        problem: NULL_TEXT,
        detail: NULL_TEXT,
      }),
      ...tableCheckFrom("staleness_hours", "newest_row AS n"),
    ].join("\n"),
  ];
}

/** When the newest finished profile window ended (NULL: no window yet). */
export function newestMetricsWindowCte(profile: string): Cte {
  return [
    "newest_metrics_window",
    [
      `SELECT max(${col("mw", "window", "end")}) AS ${q("newest")}`,
      `FROM ${profile} AS mw`,
      `WHERE ${col("mw", "column_name")} = ${lit(TABLE_LEVEL_COLUMN)} AND ${wholeTable("mw")} AND ${inputRows("mw")} AND ${ended("mw")}`,
    ].join("\n"),
  ];
}

/**
 * Hours since the newest finished window ended. No finished window yet: the age of the oldest
 * processed row is what counts, so a fresh model waits, and a monitor that never writes a
 * window breaches once data is that old.
 */
export function metricsAgeChecksCte(): Cte {
  return [
    "metrics_age_checks",
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: NULL_TEXT,
        observed: hoursSince(`coalesce(${col("m", "newest")}, ${col("n", "oldest")})`),
        missing_is_breach: "FALSE",
        problem: NULL_TEXT,
        detail: `CASE WHEN ${col("m", "newest")} IS NULL THEN ${lit("no finished window yet, hours since the oldest processed row: ")} END`,
      }),
      ...tableCheckFrom("metrics_age_hours", "newest_metrics_window AS m", "newest_row AS n"),
    ].join("\n"),
  ];
}
