/**
 * Column sets of the tables Databricks creates by itself, shared by both stand-ins: the
 * payload table (docs/databricks-api.md: payload table columns) and a monitor's metric
 * tables (profile and drift metrics; from real table dumps). Types are Databricks SQL type texts.
 * Custom-metric and InferenceLog-specific columns are UNCONFIRMED and left out;
 * `count_delta` is BIGINT as in the dump (some docs say DOUBLE).
 * Kept apart from the production SQL module on purpose: the stand-ins model Databricks
 * independently, so they cannot agree with the project's code merely by sharing it.
 */
export interface TableColumn {
  name: string;
  type: string;
}

/** AI Gateway payload table `<catalog>.<schema>.<prefix>_payload` (docs/databricks-api.md, payload table columns, from a real SHOW CREATE TABLE). */
export const payloadTableColumns: readonly TableColumn[] = [
  { name: "databricks_request_id", type: "STRING" },
  { name: "request_date", type: "DATE" },
  { name: "client_request_id", type: "STRING" },
  { name: "request_time", type: "TIMESTAMP" },
  { name: "status_code", type: "INT" },
  { name: "sampling_fraction", type: "DOUBLE" },
  { name: "execution_duration_ms", type: "BIGINT" },
  { name: "request", type: "STRING" },
  { name: "response", type: "STRING" },
  { name: "logging_error_codes", type: "ARRAY<STRING>" },
  { name: "served_entity_id", type: "STRING" },
  { name: "requester", type: "STRING" },
];

/**
 * InferenceLog monitors add a column named after the monitor's `model_id_col`: metrics are
 * computed per model id, and once more over all of them with the model id `*`. UNCONFIRMED in
 * the facts (docs/databricks-api.md, metric tables); Databricks' docs say metrics are computed "for each model ID separately"
 * and public example notebooks filter the metric tables on `!= '*'` for per-model views.
 */
export function inferenceLogMetricColumns(modelIdColumn: string): readonly TableColumn[] {
  return [{ name: modelIdColumn, type: "STRING" }];
}

/** The model id under which an InferenceLog monitor writes its all-models rows (UNCONFIRMED). */
export const ALL_MODEL_IDS = "*";

const windowType = "STRUCT<start: TIMESTAMP, end: TIMESTAMP>";
const testType = "STRUCT<statistic: DOUBLE, pvalue: DOUBLE>";

export const profileMetricsColumns: readonly TableColumn[] = [
  { name: "window", type: windowType },
  { name: "log_type", type: "STRING" },
  { name: "logging_table_commit_version", type: "INT" },
  { name: "monitor_version", type: "BIGINT" },
  { name: "granularity", type: "STRING" },
  { name: "slice_key", type: "STRING" },
  { name: "slice_value", type: "STRING" },
  { name: "column_name", type: "STRING" },
  { name: "count", type: "BIGINT" },
  { name: "data_type", type: "STRING" },
  { name: "num_nulls", type: "BIGINT" },
  { name: "avg", type: "DOUBLE" },
  { name: "quantiles", type: "ARRAY<DOUBLE>" },
  { name: "min", type: "DOUBLE" },
  { name: "max", type: "DOUBLE" },
  { name: "stddev", type: "DOUBLE" },
  { name: "num_zeros", type: "BIGINT" },
  { name: "num_nan", type: "BIGINT" },
  { name: "min_length", type: "DOUBLE" },
  { name: "max_length", type: "DOUBLE" },
  { name: "avg_length", type: "DOUBLE" },
  { name: "non_null_columns", type: "ARRAY<STRING>" },
  { name: "frequent_items", type: "ARRAY<STRUCT<item: STRING, count: BIGINT>>" },
  { name: "median", type: "DOUBLE" },
  { name: "distinct_count", type: "BIGINT" },
  { name: "percent_nan", type: "DOUBLE" },
  { name: "percent_null", type: "DOUBLE" },
  { name: "percent_zeros", type: "DOUBLE" },
  { name: "percent_distinct", type: "DOUBLE" },
];

export const driftMetricsColumns: readonly TableColumn[] = [
  { name: "window", type: windowType },
  { name: "granularity", type: "STRING" },
  { name: "monitor_version", type: "BIGINT" },
  { name: "slice_key", type: "STRING" },
  { name: "slice_value", type: "STRING" },
  { name: "column_name", type: "STRING" },
  { name: "data_type", type: "STRING" },
  { name: "window_cmp", type: windowType },
  { name: "drift_type", type: "STRING" },
  { name: "count_delta", type: "BIGINT" },
  { name: "avg_delta", type: "DOUBLE" },
  { name: "percent_null_delta", type: "DOUBLE" },
  { name: "percent_zeros_delta", type: "DOUBLE" },
  { name: "percent_distinct_delta", type: "DOUBLE" },
  { name: "non_null_columns_delta", type: "STRUCT<added: INT, missing: INT>" },
  { name: "js_distance", type: "DOUBLE" },
  { name: "ks_test", type: testType },
  { name: "wasserstein_distance", type: "DOUBLE" },
  { name: "population_stability_index", type: "DOUBLE" },
  { name: "chi_squared_test", type: testType },
  { name: "tv_distance", type: "DOUBLE" },
  { name: "l_infinity_distance", type: "DOUBLE" },
];
