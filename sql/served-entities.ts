import type { TableName } from "./types";

/**
 * ASSUMPTION (UNCONFIRMED here): the system table `system.serving.served_entities` has one or
 * more rows per `served_entity_id` (it records configuration changes) with the served model's
 * `entity_name` and `entity_version`. This follows the Databricks system-table docs and public
 * queries over it; it was not checked against a workspace. The principal running the refresh
 * needs SELECT on it and the `system.serving` schema must be enabled; otherwise set
 * `modelIdSource: "served_entity_id"`.
 */
export const SERVED_ENTITIES_TABLE: TableName = {
  catalog: "system",
  schema: "serving",
  table: "served_entities",
};

/** The columns the refresh reads from it (the table has more). */
export const SERVED_ENTITIES_COLUMNS = [
  "served_entity_id",
  "entity_name",
  "entity_version",
] as const;
