import { COMPARATORS, DRIFT_STATISTIC_NAMES, type Comparator } from "./drift-statistics";
import { DRIFT_TYPES } from "./enums";

/**
 * One row of the thresholds table: what the alert query compares, for one model. The model is
 * not part of the row: every statement is scoped to one model by a parameter.
 *
 * Drift thresholds compare a statistic of the latest `_drift_metrics` window (CONSECUTIVE or
 * BASELINE). Data-quality thresholds live in the same table with the check type DATA_QUALITY,
 * so the alert reads every limit from one place and an edit to any of them shows on refresh.
 */
export interface ThresholdRow {
  /** A feature or prediction column, or `:table` for table-level checks. */
  column: string;
  statistic: string;
  /** CONSECUTIVE | BASELINE | DATA_QUALITY */
  driftType: string;
  severity: string;
  comparator: string;
  value: number;
}

/** A row of the thresholds table as a SELECT returns it (the table's column names). */
export interface StoredThresholdRow {
  column_name: string;
  statistic: string;
  drift_type: string;
  severity: string;
  comparator: string;
  /** DOUBLE; some drivers hand back decimals as strings. */
  value: number | string;
}

export function thresholdRowFromStored(row: StoredThresholdRow): ThresholdRow {
  return {
    column: row.column_name,
    statistic: row.statistic,
    driftType: row.drift_type,
    severity: row.severity,
    comparator: row.comparator,
    value: Number(row.value),
  };
}

export const DATA_QUALITY = "DATA_QUALITY";
export const CHECK_TYPES = [...DRIFT_TYPES, DATA_QUALITY] as const;

/**
 * Data-quality statistics, all computed by the alert query itself:
 * - null_rate: num_nulls of a column / rows in the latest profile window (per feature);
 * - row_count_ratio: rows in the latest window / rows in the window before it (`:table`);
 * - staleness_hours: hours since the newest processed row (`:table`);
 * - metrics_age_hours: hours since the newest finished profile metrics window ended (`:table`).
 */
export const DATA_QUALITY_STATISTICS = [
  "null_rate",
  "row_count_ratio",
  "staleness_hours",
  "metrics_age_hours",
] as const;
export type DataQualityStatistic = (typeof DATA_QUALITY_STATISTICS)[number];

export const ALL_STATISTICS: readonly string[] = [
  ...DRIFT_STATISTIC_NAMES,
  ...DATA_QUALITY_STATISTICS,
];

export function isComparator(value: unknown): value is Comparator {
  return typeof value === "string" && (COMPARATORS as readonly string[]).includes(value);
}

/**
 * The row's identity within a model, also its key in the resource's `thresholds` map, e.g.
 * `amount/ks_test.pvalue/CONSECUTIVE/critical`. A refresh diff then names the threshold.
 */
export function thresholdKey(
  row: Pick<ThresholdRow, "column" | "statistic" | "driftType" | "severity">,
): string {
  return `${row.column}/${row.statistic}/${row.driftType}/${row.severity}`;
}

/** Rows keyed by thresholdKey, keys sorted (stable state and diffs). */
export function keyedThresholds(rows: readonly ThresholdRow[]): Record<string, ThresholdRow> {
  const entries = rows.map((row) => [thresholdKey(row), { ...row }] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keyed: Record<string, ThresholdRow> = {};
  for (const [key, row] of entries) {
    if (key in keyed) throw new Error(`duplicate threshold ${key}`);
    keyed[key] = row;
  }
  return keyed;
}
