import type { Comparator, DriftStatisticName } from "../core/drift-statistics";

/**
 * The values each drift statistic can take, so that a threshold outside them (a negative
 * distance, a p-value above 1) is refused rather than deployed as an alert that never fires or
 * always does. Bounds follow from the statistics' definitions: p-values, the KS statistic and
 * the total-variation, L-infinity and Jensen-Shannon distances lie in [0, 1] (Jensen-Shannon with
 * base 2; with natural logarithms it stays below 0.84, still inside); Wasserstein, PSI and the
 * chi-squared statistic are at least 0. The percent deltas are differences of two shares:
 * UNCONFIRMED whether Databricks writes shares as fractions (|delta| <= 1) or percents
 * (|delta| <= 100), so the wider bound is used, which is right under either answer.
 * avg_delta and count_delta are unbounded.
 */
export interface StatisticRange {
  min?: number;
  max?: number;
}

const UNIT: StatisticRange = { min: 0, max: 1 };
const NON_NEGATIVE: StatisticRange = { min: 0 };
const PERCENT_DELTA: StatisticRange = { min: -100, max: 100 };

export const STATISTIC_RANGES: Record<DriftStatisticName, StatisticRange> = {
  "ks_test.statistic": UNIT,
  "ks_test.pvalue": UNIT,
  wasserstein_distance: NON_NEGATIVE,
  population_stability_index: NON_NEGATIVE,
  avg_delta: {},
  percent_zeros_delta: PERCENT_DELTA,
  "chi_squared_test.statistic": NON_NEGATIVE,
  "chi_squared_test.pvalue": UNIT,
  tv_distance: UNIT,
  l_infinity_distance: UNIT,
  js_distance: UNIT,
  percent_null_delta: PERCENT_DELTA,
  percent_distinct_delta: PERCENT_DELTA,
  count_delta: {},
};

function describe(range: StatisticRange): string {
  if (range.min !== undefined && range.max !== undefined) return `[${range.min}, ${range.max}]`;
  return range.min !== undefined ? `at least ${range.min}` : `at most ${String(range.max)}`;
}

/**
 * What is wrong with `value` as a threshold on `statistic` under `comparator`: outside the
 * statistic's values, or on the bound such that the comparison can never be true
 * (`p-value < 0`, `distance > 1`). Undefined when it is a threshold that can fire.
 */
export function thresholdValueProblem(
  statistic: DriftStatisticName,
  comparator: Comparator,
  value: number,
): string | undefined {
  const range = STATISTIC_RANGES[statistic];
  const { min, max } = range;
  if ((min !== undefined && value < min) || (max !== undefined && value > max))
    return `${statistic} is always ${describe(range)}, so a threshold of ${value} is not one it can reach`;
  if ((comparator === ">" && value === max) || (comparator === "<" && value === min))
    return `${statistic} ${comparator} ${value} can never be true (${statistic} is ${describe(range)}): the alert would never fire`;
  return undefined;
}
