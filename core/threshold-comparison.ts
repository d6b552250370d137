import type { Comparator } from "./drift-statistics";

/**
 * How one statistic is compared with one threshold: a breach when `value <comparator> limit`.
 * The alert query makes this comparison in SQL over the same comparator symbols
 * (sql/alert-outcome.ts, `breaches`); analyze-drift and backtest make it here, so the three
 * agree. A value Databricks did not compute (null) is never a breach: the alert treats it as
 * "nothing to count", backtest reports it as a missing statistic.
 */

export function isBreach(value: number | null, comparator: Comparator, threshold: number): boolean {
  if (value === null) return false;
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
  }
}

/** breach, pass, or missing (no value to compare): the three outcomes of one reading. */
export type ReadingOutcome = "breach" | "pass" | "missing";

export function readingOutcome(
  value: number | null,
  comparator: Comparator,
  threshold: number,
): ReadingOutcome {
  if (value === null || Number.isNaN(value)) return "missing";
  return isBreach(value, comparator, threshold) ? "breach" : "pass";
}

/** How far past the threshold (positive) or short of it (negative), relative to the threshold. */
export function exceedance(
  value: number | null,
  comparator: Comparator,
  threshold: number,
): number | null {
  if (value === null) return null;
  const difference = comparator.startsWith(">") ? value - threshold : threshold - value;
  return threshold === 0 ? difference : difference / Math.abs(threshold);
}
