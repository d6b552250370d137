import { TABLE_LEVEL_COLUMN, TIMESTAMP_COLUMN } from "./columns";
import type { Comparator, DriftStatisticName } from "./drift-statistics";
import { SEVERITIES, type DriftType, type Severity } from "./enums";
import { metricTables, thresholdsTableName, type SchemaName } from "./tables";
import { DATA_QUALITY, type ThresholdRow } from "./threshold-rows";
import type { TableName } from "./types";

/**
 * What the alerts of one model are made of, derived without any runtime: the threshold rows
 * (drift thresholds plus the data-quality limits), the tables the alert query reads, and the
 * severities that get an alert. Each function takes the few fields it needs (a ModelSpec has
 * them all).
 */

/** One drift threshold: a breach when `statistic <comparator> value` in the latest window. */
export interface ThresholdSpec {
  column: string;
  statistic: DriftStatisticName;
  driftType: DriftType;
  comparator: Comparator;
  value: number;
  severity: Severity;
}

/** The data-quality limits, checked by the same alert query as the drift thresholds. */
export interface DataQualitySpec {
  maxNullRate: number;
  minRowCountRatio: number;
  maxStalenessHours: number;
  /** Opt-in: how old the newest finished metrics window may be. */
  maxMetricsAgeHours?: number;
  severity: Severity;
}

/** The tables one model's alert query reads. */
export interface AlertQueryTables {
  thresholdsTable: TableName;
  driftMetricsTable: TableName;
  profileMetricsTable: TableName;
  processedTable: TableName;
  /** The processed table's event time column (the monitor's timestamp column). */
  timestampColumn: string;
}

/** What the threshold rows come from. */
export interface AlertRowsSource {
  thresholds: readonly ThresholdSpec[];
  features: readonly { name: string }[];
  dataQuality: DataQualitySpec;
}

/** Drift thresholds as configured, then the data-quality limits as rows of the same table. */
export function thresholdRowsOf(model: AlertRowsSource): ThresholdRow[] {
  const drift = model.thresholds.map((t): ThresholdRow => ({
    column: t.column,
    statistic: t.statistic,
    driftType: t.driftType,
    severity: t.severity,
    comparator: t.comparator,
    value: t.value,
  }));
  const dq = model.dataQuality;
  const quality = (
    column: string,
    statistic: string,
    comparator: string,
    value: number,
  ): ThresholdRow => ({
    column,
    statistic,
    driftType: DATA_QUALITY,
    severity: dq.severity,
    comparator,
    value,
  });
  return [
    ...drift,
    ...model.features.map((feature) => quality(feature.name, "null_rate", ">", dq.maxNullRate)),
    quality(TABLE_LEVEL_COLUMN, "row_count_ratio", "<", dq.minRowCountRatio),
    quality(TABLE_LEVEL_COLUMN, "staleness_hours", ">", dq.maxStalenessHours),
    ...(dq.maxMetricsAgeHours === undefined
      ? []
      : [quality(TABLE_LEVEL_COLUMN, "metrics_age_hours", ">", dq.maxMetricsAgeHours)]),
  ];
}

/** Severities with at least one row, in a fixed order: one alert each. */
export function alertSeverities(rows: readonly ThresholdRow[]): Severity[] {
  return SEVERITIES.filter((severity) => rows.some((row) => row.severity === severity));
}

/** Where the alert's tables are. */
export interface AlertTablesSource {
  inference: { processedTable: TableName };
  monitor: { outputSchema: SchemaName };
}

/** The monitor's metric tables (named as Databricks names them), the thresholds table, and the processed table. */
export function alertQueryTables(model: AlertTablesSource): AlertQueryTables {
  const processed = model.inference.processedTable;
  const metrics = metricTables(processed, model.monitor.outputSchema);
  return {
    thresholdsTable: thresholdsTableName(model.monitor.outputSchema),
    driftMetricsTable: metrics.drift,
    profileMetricsTable: metrics.profile,
    processedTable: processed,
    timestampColumn: TIMESTAMP_COLUMN,
  };
}
