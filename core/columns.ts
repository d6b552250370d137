/**
 * Columns of the AI Gateway payload table `<catalog>.<schema>.<prefix>_payload`, which
 * Databricks creates and writes (reference/databricks-api.md §1.9, from a real
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
