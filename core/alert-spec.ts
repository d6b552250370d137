import type { ModelSpec, Severity } from "../config/model-spec";
import type { AlertQueryTables } from "../sql/alert-queries";
import { DATA_QUALITY, SEVERITIES, TABLE_LEVEL_COLUMN, type ThresholdRow } from "./threshold-rows";
import { thresholdsTableName } from "../sql/thresholds-table";

/**
 * What the alerts of one model are made of, derived from its spec without any runtime: the
 * threshold rows (drift thresholds plus the data-quality limits), the tables the alert query
 * reads, and the severities that get an alert.
 */

/** Drift thresholds as configured, then the data-quality limits as rows of the same table. */
export function thresholdRowsOf(spec: ModelSpec): ThresholdRow[] {
  const drift = spec.thresholds.map((t): ThresholdRow => ({
    column: t.column,
    statistic: t.statistic,
    driftType: t.driftType,
    severity: t.severity,
    comparator: t.comparator,
    value: t.value,
  }));
  const dq = spec.dataQuality;
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
    ...spec.features.map((feature) => quality(feature.name, "null_rate", ">", dq.maxNullRate)),
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

/** The monitor's metric tables, named the way Databricks names them (as QualityMonitor does). */
export function alertQueryTables(spec: ModelSpec): AlertQueryTables {
  const { catalog, schema } = spec.monitor.outputSchema;
  const processed = spec.inference.processedTable;
  return {
    thresholdsTable: thresholdsTableName(spec.monitor.outputSchema),
    driftMetricsTable: { catalog, schema, table: `${processed.table}_drift_metrics` },
    profileMetricsTable: { catalog, schema, table: `${processed.table}_profile_metrics` },
    processedTable: processed,
    // The monitor's timestamp column (QualityMonitor: inferenceLog.timestampCol).
    timestampColumn: "request_time",
  };
}
