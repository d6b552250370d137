/**
 * Every closed set of words the project uses, each defined once as a list with its type derived
 * from it. The zod schemas, the components, the SQL generators and the dynamic providers all
 * take them from here. Lists, not Sets: the dynamic providers load this module.
 */

/** Stack tiers; prod protects data and never scales to zero. */
export const ENVIRONMENTS = ["dev", "acc", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The templates a model follows (config/templates/<problem type>.yaml). */
export const PROBLEM_TYPES = ["classification", "regression", "forecasting"] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/** What a quality monitor supports: forecasting is monitored as regression. */
export const MONITOR_PROBLEM_TYPES = ["classification", "regression"] as const;
export type MonitorProblemType = (typeof MONITOR_PROBLEM_TYPES)[number];

/** One alert per severity that has thresholds. */
export const SEVERITIES = ["warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which window a drift statistic compares with: the previous one, or the baseline table. */
export const DRIFT_TYPES = ["CONSECUTIVE", "BASELINE"] as const;
export type DriftType = (typeof DRIFT_TYPES)[number];
/** A threshold that names no drift type compares with the previous window. */
export const DEFAULT_DRIFT_TYPE: DriftType = "CONSECUTIVE";

/** Column types of features, predictions and labels (sql/column-types.ts spells them in SQL). */
export const COLUMN_TYPES = [
  "string",
  "boolean",
  "int",
  "bigint",
  "float",
  "double",
  "date",
  "timestamp",
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Where the processed table's `model_id` comes from (sql/model-id.ts says what each needs). */
export const MODEL_ID_SOURCES = ["served_entity_id", "system_table"] as const;
export type ModelIdSource = (typeof MODEL_ID_SOURCES)[number];
export const DEFAULT_MODEL_ID_SOURCE: ModelIdSource = "served_entity_id";

/**
 * What an AlertV2 holds (sql/alert-queries.ts): a SQL script that reads the metric tables only
 * once they exist, or the single statement (for warehouses without SQL scripting).
 */
export const ALERT_QUERY_FORMS = ["script", "statement"] as const;
export type AlertQueryForm = (typeof ALERT_QUERY_FORMS)[number];
export const DEFAULT_ALERT_QUERY_FORM: AlertQueryForm = "script";

/** Serving endpoint concurrency tiers. */
export const WORKLOAD_SIZES = ["Small", "Medium", "Large"] as const;
export type WorkloadSize = (typeof WORKLOAD_SIZES)[number];

/** Serving endpoint compute types. */
export const WORKLOAD_TYPES = [
  "CPU",
  "CPU_MEDIUM",
  "CPU_LARGE",
  "GPU_SMALL",
  "GPU_MEDIUM",
  "GPU_LARGE",
  "GPU_XLARGE",
  "GPU_XLARGE_8",
  "MULTIGPU_MEDIUM",
] as const;
export type WorkloadType = (typeof WORKLOAD_TYPES)[number];

/** Time windows a quality monitor aggregates (docs/databricks-api.md, monitors). */
export const GRANULARITIES = [
  "5 minutes",
  "30 minutes",
  "1 hour",
  "1 day",
  "1 week",
  "2 weeks",
  "3 weeks",
  "4 weeks",
  "1 month",
  "1 year",
] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Kinds of a monitor's custom metric. */
export const CUSTOM_METRIC_TYPES = ["aggregate", "derived", "drift"] as const;
export type CustomMetricType = (typeof CUSTOM_METRIC_TYPES)[number];

/** True when `value` is one of `list` (narrows it to the list's type). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}
