import type { TableName } from "../core/types";

/**
 * ASSUMPTION (UNCONFIRMED here): the system table `system.serving.served_entities` has one or
 * more rows per `served_entity_id` (it records configuration changes, each with its
 * `change_time`) with the served model's `entity_name` and `entity_version`. This follows the
 * Databricks system-table docs and public queries over it; it was not checked against a
 * workspace. Only account admins may read system tables unless granted, so the refresh joins it
 * only with `modelIdSource: "system_table"`; the principal running the refresh then needs
 * USE CATALOG on `system`, USE SCHEMA on `system.serving` and SELECT on this table, and the
 * `serving` system schema must be enabled (README, Configuration reference).
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
  "change_time",
] as const;
