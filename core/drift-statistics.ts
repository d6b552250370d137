/**
 * The drift statistics a threshold may name, as columns of the monitor's `_drift_metrics`
 * table (docs/databricks-api.md, drift metrics). Struct-valued statistics (ks_test, chi_squared_test)
 * are addressed by field. Databricks fills numeric-only statistics with NULL for categorical
 * columns and vice versa, so a threshold on the wrong kind would silently never fire: the
 * config loader rejects it instead.
 */

export type ColumnKind = "numeric" | "categorical";

export interface DriftStatistic {
  /** SQL expression over a drift_metrics row, e.g. `ks_test.pvalue`. */
  expression: string;
  appliesTo: readonly ColumnKind[];
  /** The comparator under which a value is a breach, when the threshold does not give one. */
  defaultComparator: Comparator;
}

export const COMPARATORS = [">", ">=", "<", "<="] as const;
export type Comparator = (typeof COMPARATORS)[number];

const BOTH: readonly ColumnKind[] = ["numeric", "categorical"];

export const DRIFT_STATISTICS = {
  // Numeric columns (docs/databricks-api.md, drift metrics: KS, Wasserstein and PSI on numeric columns).
  "ks_test.statistic": {
    expression: "ks_test.statistic",
    appliesTo: ["numeric"],
    defaultComparator: ">",
  },
  "ks_test.pvalue": {
    expression: "ks_test.pvalue",
    appliesTo: ["numeric"],
    defaultComparator: "<",
  },
  wasserstein_distance: {
    expression: "wasserstein_distance",
    appliesTo: ["numeric"],
    defaultComparator: ">",
  },
  population_stability_index: {
    expression: "population_stability_index",
    appliesTo: ["numeric"],
    defaultComparator: ">",
  },
  avg_delta: { expression: "avg_delta", appliesTo: ["numeric"], defaultComparator: ">" },
  percent_zeros_delta: {
    expression: "percent_zeros_delta",
    appliesTo: ["numeric"],
    defaultComparator: ">",
  },
  // Categorical columns.
  "chi_squared_test.statistic": {
    expression: "chi_squared_test.statistic",
    appliesTo: ["categorical"],
    defaultComparator: ">",
  },
  "chi_squared_test.pvalue": {
    expression: "chi_squared_test.pvalue",
    appliesTo: ["categorical"],
    defaultComparator: "<",
  },
  tv_distance: { expression: "tv_distance", appliesTo: ["categorical"], defaultComparator: ">" },
  l_infinity_distance: {
    expression: "l_infinity_distance",
    appliesTo: ["categorical"],
    defaultComparator: ">",
  },
  js_distance: { expression: "js_distance", appliesTo: ["categorical"], defaultComparator: ">" },
  // Every column.
  percent_null_delta: { expression: "percent_null_delta", appliesTo: BOTH, defaultComparator: ">" },
  percent_distinct_delta: {
    expression: "percent_distinct_delta",
    appliesTo: BOTH,
    defaultComparator: ">",
  },
  count_delta: { expression: "count_delta", appliesTo: BOTH, defaultComparator: "<" },
} as const satisfies Record<string, DriftStatistic>;

export type DriftStatisticName = keyof typeof DRIFT_STATISTICS;
export const DRIFT_STATISTIC_NAMES = Object.keys(DRIFT_STATISTICS) as DriftStatisticName[];

export function statisticsFor(kind: ColumnKind): DriftStatisticName[] {
  return DRIFT_STATISTIC_NAMES.filter((name) =>
    (DRIFT_STATISTICS[name].appliesTo as readonly ColumnKind[]).includes(kind),
  );
}
