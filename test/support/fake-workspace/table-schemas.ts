import type { ColumnSeed } from "./tables";

/**
 * Columns of the tables Databricks creates by itself, so day-2 checks (schema matches, metric
 * columns exist) have something real-shaped to read. Types are Databricks SQL type texts.
 */

/** AI Gateway payload table (reference §1.9, from a real `SHOW CREATE TABLE`). */
export const payloadTableColumns: readonly ColumnSeed[] = [
  { name: "databricks_request_id", type: "string" },
  { name: "request_date", type: "date" },
  { name: "client_request_id", type: "string" },
  { name: "request_time", type: "timestamp" },
  { name: "status_code", type: "int" },
  { name: "sampling_fraction", type: "double" },
  { name: "execution_duration_ms", type: "bigint" },
  { name: "request", type: "string" },
  { name: "response", type: "string" },
  { name: "logging_error_codes", type: "array<string>" },
  { name: "served_entity_id", type: "string" },
  { name: "requester", type: "string" },
];

const windowType = "struct<start:timestamp,end:timestamp>";

/**
 * `<table>_profile_metrics` (reference §3.1, common columns). InferenceLog-specific columns
 * (model id column, quality metrics) are UNCONFIRMED and left out.
 */
export const profileMetricsColumns: readonly ColumnSeed[] = [
  { name: "window", type: windowType },
  { name: "log_type", type: "string" },
  { name: "logging_table_commit_version", type: "int" },
  { name: "monitor_version", type: "bigint" },
  { name: "granularity", type: "string" },
  { name: "slice_key", type: "string" },
  { name: "slice_value", type: "string" },
  { name: "column_name", type: "string" },
  { name: "count", type: "bigint" },
  { name: "data_type", type: "string" },
  { name: "num_nulls", type: "bigint" },
  { name: "avg", type: "double" },
  { name: "quantiles", type: "array<double>" },
  { name: "min", type: "double" },
  { name: "max", type: "double" },
  { name: "stddev", type: "double" },
  { name: "num_zeros", type: "bigint" },
  { name: "num_nan", type: "bigint" },
  { name: "min_length", type: "double" },
  { name: "max_length", type: "double" },
  { name: "avg_length", type: "double" },
  { name: "non_null_columns", type: "array<string>" },
  { name: "frequent_items", type: "array<struct<item:string,count:bigint>>" },
  { name: "median", type: "double" },
  { name: "distinct_count", type: "bigint" },
  { name: "percent_nan", type: "double" },
  { name: "percent_null", type: "double" },
  { name: "percent_zeros", type: "double" },
  { name: "percent_distinct", type: "double" },
];

/** `<table>_drift_metrics` (reference §3.2). `count_delta` type is UNCONFIRMED (bigint per dump). */
export const driftMetricsColumns: readonly ColumnSeed[] = [
  { name: "window", type: windowType },
  { name: "granularity", type: "string" },
  { name: "monitor_version", type: "bigint" },
  { name: "slice_key", type: "string" },
  { name: "slice_value", type: "string" },
  { name: "column_name", type: "string" },
  { name: "data_type", type: "string" },
  { name: "window_cmp", type: windowType },
  { name: "drift_type", type: "string" },
  { name: "count_delta", type: "bigint" },
  { name: "avg_delta", type: "double" },
  { name: "percent_null_delta", type: "double" },
  { name: "percent_zeros_delta", type: "double" },
  { name: "percent_distinct_delta", type: "double" },
  { name: "non_null_columns_delta", type: "struct<added:int,missing:int>" },
  { name: "js_distance", type: "double" },
  { name: "ks_test", type: "struct<statistic:double,pvalue:double>" },
  { name: "wasserstein_distance", type: "double" },
  { name: "population_stability_index", type: "double" },
  { name: "chi_squared_test", type: "struct<statistic:double,pvalue:double>" },
  { name: "tv_distance", type: "double" },
  { name: "l_infinity_distance", type: "double" },
];
