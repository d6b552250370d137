import { TABLE_LEVEL_COLUMN } from "../core/columns";
import { COMPARATORS, DRIFT_STATISTIC_NAMES } from "../core/drift-statistics";
import { DRIFT_TYPES } from "../core/enums";
import {
  MONITORING,
  WAITING_FOR_FIRST_REQUEST,
  WAITING_FOR_FIRST_WINDOW,
} from "../core/model-stage";
import { DATA_QUALITY, DATA_QUALITY_STATISTICS } from "../core/threshold-rows";
import {
  NULL_TEXT,
  checkSelect,
  col,
  comparatorLiteral,
  inList,
  isDataQuality,
  lit,
  q,
  thresholdColumns,
  type Cte,
} from "./alert-query-parts";
import { commaLines, indent } from "./sql-text";

/**
 * How the alert query (alert-queries.ts) comes to its one row, one function per CTE: thresholds
 * it cannot evaluate and a model without thresholds count as breaches, every check is gathered,
 * the breaches are kept, counted and described, and the model's stage is told.
 */

/** The alert's one row: the count it compares, the breaches named, and where the model stands. */
export const ALERT_VALUE_COLUMN = "violations";
export const ALERT_DETAIL_COLUMN = "breaches";
export const ALERT_STATUS_COLUMN = "model_status";

/** Rows with an unknown statistic, check type or comparator: a broken threshold must not look healthy. */
export function invalidRowsCte(): Cte {
  return [
    "invalid_rows",
    [
      checkSelect({
        ...thresholdColumns("th"),
        granularity: NULL_TEXT,
        observed: "CAST(NULL AS DOUBLE)",
        missing_is_breach: "TRUE",
        problem: lit("cannot be evaluated: unknown statistic, check type or comparator"),
        detail: NULL_TEXT,
      }),
      "FROM thresholds AS th",
      "WHERE NOT (",
      `  (${inList(col("th", "drift_type"), DRIFT_TYPES)} AND ${inList(col("th", "statistic"), DRIFT_STATISTIC_NAMES)})`,
      `  OR (${isDataQuality("th")} AND ${inList(col("th", "statistic"), DATA_QUALITY_STATISTICS)})`,
      `) OR NOT ${col("th", "comparator")} IN (${COMPARATORS.map(comparatorLiteral).join(", ")})`,
    ].join("\n"),
  ];
}

/** No thresholds at all for the model and severity: a breach, not an all-clear. */
export function missingThresholdsCte(): Cte {
  return [
    "missing_thresholds",
    [
      checkSelect({
        column_name: lit(TABLE_LEVEL_COLUMN),
        statistic: lit("thresholds"),
        drift_type: lit(DATA_QUALITY),
        granularity: NULL_TEXT,
        comparator: comparatorLiteral("<"),
        threshold: "CAST(1 AS DOUBLE)",
        observed: "CAST(count(*) AS DOUBLE)",
        missing_is_breach: "TRUE",
        problem: lit("no thresholds for this model and severity in the thresholds table"),
        detail: NULL_TEXT,
      }),
      "FROM thresholds",
      "HAVING count(*) = 0",
    ].join("\n"),
  ];
}

/** Every check of every kind, in the common shape. */
export function checksCte(): Cte {
  return [
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
  ];
}

/** The checks in breach: a problem, a missing value where that counts, or the comparison holding. */
export function breachesCte(): Cte {
  return [
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
  ];
}

/** "amount ks_test.pvalue CONSECUTIVE 1 day: 0.0012 < 0.01" or "...: <problem>". */
function breachDescription(): string {
  return [
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
}

/** How many breaches, and each described. */
export function summaryCte(): Cte {
  return [
    "summary",
    [
      "SELECT",
      indent(
        commaLines([
          `count(*) AS ${q(ALERT_VALUE_COLUMN)}`,
          `coalesce(string_agg(${breachDescription()}, '; '), '') AS ${q(ALERT_DETAIL_COLUMN)}`,
        ]),
      ),
      "FROM breaches AS b",
    ].join("\n"),
  ];
}

/** Where the model stands: no processed row, no finished window, or monitoring. */
export function modelStageCte(): Cte {
  return [
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
  ];
}
