import { SERVED_ENTITIES_TABLE } from "./served-entities";
import type { NamedCte } from "./sql-text";
import { quoteIdentifier as q, quoteTableName } from "./quoting";
import { DEFAULT_MODEL_ID_SOURCE, type ModelIdSource } from "../core/enums";
import type { ProcessedTableSpec } from "../core/processed-table-spec";

/**
 * How the refresh gives each processed row its monitor model id (`model_id`).
 *
 * The payload table names the served entity that answered only by an opaque
 * `served_entity_id`. The serving REST API (and so the bridged ModelServing resource) never
 * returns that id, so the deploy cannot pass a mapping into the SQL; only the system table
 * `system.serving.served_entities` maps it to the served model's name and version, and only
 * account admins may read system tables unless they grant it. Hence:
 *
 * - "served_entity_id" (default): the id itself. Needs nothing beyond the payload table, never
 *   changes for a row, and a served entity is one model version (ASSUMPTION, UNCONFIRMED: a
 *   configuration change that serves another version creates a new served entity id; if ids
 *   were kept across versions, versions served under one entity name would share a model id).
 * - "system_table": `<entity_name>/<entity_version>` from the system table, readable in the
 *   monitor's per-model metrics. The principal running the refresh needs SELECT on it.
 */

export function modelIdSourceOf(spec: ProcessedTableSpec): ModelIdSource {
  return spec.modelIdSource ?? DEFAULT_MODEL_ID_SOURCE;
}

const ENTITY_ID = q("served_entity_id");
const REQUEST_TIME = q("request_time");

/**
 * The CTEs after `payload_rows` that end in `model_requests`: one row per request this run
 * processes (its first copy in the log) with its model id, and the raw request and response.
 */
export function modelIdCtes(source: ModelIdSource): NamedCte[] {
  return source === "system_table"
    ? [
        servedEntityVersionsCte(),
        servedEntityNamesCte(),
        unlistedEntitiesCte(),
        modelRequestsCte(source),
      ]
    : [modelRequestsCte(source)];
}

/**
 * Each id takes the name and version of its first recorded row. The system table only gains
 * rows, so the model id a request gets never changes on a later run. ASSUMPTION (UNCONFIRMED):
 * rows are kept for as long as payload rows are re-read.
 */
function servedEntityVersionsCte(): NamedCte {
  const entity = (column: string) => `entity.${q(column)}`;
  return {
    name: "served_entity_versions",
    text: [
      "-- ASSUMPTION (UNCONFIRMED): system.serving.served_entities holds one row per served entity",
      "-- and configuration change, with entity_name, entity_version and change_time.",
      "served_entity_versions AS (",
      "  SELECT",
      `    ${entity("served_entity_id")},`,
      `    coalesce(nullif(concat_ws('/', ${entity("entity_name")}, ${entity("entity_version")}), ''), ${entity("served_entity_id")}) AS model_id,`,
      "    row_number() OVER (",
      `      PARTITION BY ${entity("served_entity_id")}`,
      `      ORDER BY ${entity("change_time")}, ${entity("entity_name")}, ${entity("entity_version")}`,
      "    ) AS row_order",
      `  FROM ${quoteTableName(SERVED_ENTITIES_TABLE)} AS entity`,
      `  WHERE ${entity("served_entity_id")} IS NOT NULL`,
      ")",
    ].join("\n"),
  };
}

function servedEntityNamesCte(): NamedCte {
  return {
    name: "served_entity_names",
    text: [
      "-- One model id per served entity id: that of its first recorded row, so it never changes.",
      "served_entity_names AS (",
      "  SELECT",
      `    served_entity_versions.${ENTITY_ID},`,
      "    served_entity_versions.model_id",
      "  FROM served_entity_versions",
      "  WHERE served_entity_versions.row_order = 1",
      ")",
    ].join("\n"),
  };
}

/**
 * The system table lags behind a configuration change. A request from a served entity it does
 * not list yet must not be written with a stand-in id, or that version would appear under two
 * model ids. So that request and every later one wait: the newest processed row stays before
 * it, and the next run's window, which starts at or before that row, still reads it.
 */
function unlistedEntitiesCte(): NamedCte {
  return {
    name: "unlisted_entities",
    text: [
      "-- The system table lags: a request from a served entity it does not list yet, and every",
      "-- later request, waits for a run after it has caught up (never written with a stand-in id).",
      "unlisted_entities AS (",
      `  SELECT min(payload_rows.${REQUEST_TIME}) AS first_request_time`,
      "  FROM payload_rows",
      "  LEFT JOIN served_entity_names",
      `    ON served_entity_names.${ENTITY_ID} = payload_rows.${ENTITY_ID}`,
      `  WHERE payload_rows.${ENTITY_ID} IS NOT NULL`,
      `    AND served_entity_names.${ENTITY_ID} IS NULL`,
      ")",
    ].join("\n"),
  };
}

function modelRequestsCte(source: ModelIdSource): NamedCte {
  const passed = ["databricks_request_id", "client_request_id", "request_time", "request_date"];
  const modelId =
    source === "system_table" ? "served_entity_names.model_id" : `payload_rows.${ENTITY_ID}`;
  const lines = [
    "-- One row per request this run processes (its first copy), with the monitor's model id.",
    "model_requests AS (",
    "  SELECT",
    ...passed.map((column) => `    payload_rows.${q(column)},`),
    `    payload_rows.${ENTITY_ID},`,
    `    ${modelId} AS ${q("model_id")},`,
    `    payload_rows.${q("request")},`,
    `    payload_rows.${q("response")}`,
    "  FROM payload_rows",
  ];
  if (source === "system_table") {
    lines.push(
      "  LEFT JOIN served_entity_names",
      `    ON served_entity_names.${ENTITY_ID} = payload_rows.${ENTITY_ID}`,
      "  CROSS JOIN unlisted_entities",
      "  WHERE payload_rows.copy_number = 1",
      "    AND (",
      "      unlisted_entities.first_request_time IS NULL",
      `      OR payload_rows.${REQUEST_TIME} < unlisted_entities.first_request_time`,
      "    )",
    );
  } else {
    lines.push("  WHERE payload_rows.copy_number = 1");
  }
  lines.push(")");
  return { name: "model_requests", text: lines.join("\n") };
}
