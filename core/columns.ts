/**
 * Columns of the AI Gateway payload table `<catalog>.<schema>.<prefix>_payload`, which
 * Databricks creates and writes (docs/databricks-api.md, payload table columns, from a real
 * SHOW CREATE TABLE). The refresh reads only some of them; the full list lets checks reject
 * a reference to a column that does not exist.
 */
export const PAYLOAD_COLUMNS = [
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
] as const;

export const PAYLOAD_COLUMN_NAMES: readonly string[] = PAYLOAD_COLUMNS.map((c) => c.name);

/** Names of the columns every processed table has; features, prediction and label may not reuse them. */
export const FIXED_COLUMN_NAMES = [
  "databricks_request_id",
  "client_request_id",
  "record_index",
  "request_time",
  "request_date",
  "model_id",
  "served_entity_id",
  "processed_at",
] as const;

/**
 * The processed table's event time: the quality monitor's timestamp column, and what the
 * alert query's staleness checks read.
 */
export const TIMESTAMP_COLUMN = "request_time";

/**
 * Which rows of a quality monitor's metric tables describe "the model as a whole".
 *
 * The project's monitors are InferenceLog monitors with `model_id_col = model_id` (the
 * processed table's column). Their metric tables hold each window's metrics per model id (a
 * served entity and version) and once more over all model ids, with the model id `*`; and per
 * slice, with the whole-table rows at `slice_key IS NULL`. Alerts and analyze-drift read the
 * whole-table, all-models rows: one row per window and column, so a breach counts once and
 * "the window before" is really the previous window.
 * ASSUMPTION (UNCONFIRMED): the all-models value is `*`. Databricks' docs say metrics are
 * computed for each model id separately; public example notebooks select per-model rows with
 * `model_id != '*'`.
 */
export const MODEL_ID_COLUMN = "model_id";
export const ALL_MODEL_IDS = "*";

/** Databricks' column_name for metrics not tied to one column (docs/databricks-api.md, metric tables). */
export const TABLE_LEVEL_COLUMN = ":table";

/**
 * The Databricks provider writes a SqlTable column comment into its own DDL as `COMMENT '...'`,
 * escaping only `'` (terraform-provider-databricks catalog/resource_sql_table.go, parseComment).
 * Spark SQL reads `\` in a literal as an escape, so a backslash would change the stored comment
 * (a diff on every refresh) or end the literal early; escaping it here would be read back
 * unescaped, a diff just the same. So comments may not hold one.
 */
export const COMMENT_BACKSLASH_RULE =
  "may not contain a backslash: the Databricks provider puts comments into SQL DDL without escaping it";
