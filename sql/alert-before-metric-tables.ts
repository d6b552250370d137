import { NULL_TEXT, checkSelect, q, type Cte } from "./alert-query-parts";

/**
 * The alert query's checks that read the monitor's metric tables, as they stand before the
 * monitor has written those tables (alert-queries.ts, alertQueryBeforeMetricTablesSql): no
 * drift, null-rate or row-count check, and no finished window. The checks that need no metric
 * table (staleness, metrics age, missing or invalid thresholds) run as always, and the model
 * status says "waiting for first request/window".
 */

/** A check CTE with the columns of every check and no rows. */
export function noChecksCte(name: string): Cte {
  const number = "CAST(NULL AS DOUBLE)";
  return [
    name,
    [
      checkSelect({
        column_name: NULL_TEXT,
        statistic: NULL_TEXT,
        drift_type: NULL_TEXT,
        granularity: NULL_TEXT,
        comparator: NULL_TEXT,
        threshold: number,
        observed: number,
        missing_is_breach: "FALSE",
        problem: NULL_TEXT,
        detail: NULL_TEXT,
      }),
      "LIMIT 0",
    ].join("\n"),
  ];
}

/** newest_metrics_window with no window at all: one row, NULL (metrics_age_checks joins it). */
export function noMetricsWindowCte(): Cte {
  return ["newest_metrics_window", `SELECT CAST(NULL AS TIMESTAMP) AS ${q("newest")}`];
}
