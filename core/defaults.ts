import type { DataQualitySpec } from "./alert-spec";
import type { Granularity, WorkloadSize, WorkloadType } from "./enums";

/**
 * Built-in values the components take when an argument is left out, and that the YAML
 * configuration's defaults (config/schema/defaults.ts) give the same way: one number each.
 */
export const BUILT_IN = {
  workloadSize: "Small" satisfies WorkloadSize,
  workloadType: "CPU" satisfies WorkloadType,
  /** Endpoints take about 30 minutes to provision. */
  endpointTimeoutMinutes: 60,
  /** How far behind the newest processed row each MERGE re-scans for late payload rows. */
  lateArrivalHours: 6,
  granularities: ["1 day"] satisfies Granularity[],
  timezone: "UTC",
} as const;

export const DATA_QUALITY_DEFAULTS: DataQualitySpec = {
  maxNullRate: 0.1,
  minRowCountRatio: 0.5,
  maxStalenessHours: 24,
  severity: "warning",
};
