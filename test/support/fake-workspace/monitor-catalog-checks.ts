import { invalidParameter } from "./errors";
import type { Fields } from "./fields";
import { readCreateOnlyOptions, type CreateOnlyOptions, type MonitorSpec } from "./monitor-config";
import type { Strictness } from "./strictness";
import type { TableStore } from "./tables";
import type { SchemaStore } from "./uc-namespaces";

/** What a quality monitor needs to know of Unity Catalog beyond its table. */
export interface MonitorCatalog {
  schemas: SchemaStore;
  strictness: Strictness;
}

/**
 * The objects a monitor names must exist: its output schema (where the metric tables go) and its
 * baseline table. 404 CATALOG_/SCHEMA_/TABLE_DOES_NOT_EXIST otherwise.
 */
export function checkMonitorReferences(
  spec: MonitorSpec,
  tables: TableStore,
  catalog: MonitorCatalog,
): void {
  catalog.schemas.require(String(spec.fields.output_schema_name));
  const baseline = spec.fields.baseline_table_name;
  if (typeof baseline === "string") tables.require(baseline);
}

/**
 * `warehouse_id` and `skip_builtin_dashboard` cannot be updated after creation (TF docs; the SDK's
 * update takes neither). A PUT that sends another value is refused or ignored as
 * `strictness.createOnlyFields` says; the same value, or none, is fine.
 */
export function checkCreateOnlyOnUpdate(
  body: Fields,
  created: CreateOnlyOptions,
  strictness: Strictness,
): void {
  if (strictness.createOnlyFields !== "reject") return;
  const sent = readCreateOnlyOptions(body);
  const changed = (Object.keys(sent) as Array<keyof CreateOnlyOptions>).filter(
    (key) => sent[key] !== (created[key] ?? (key === "skip_builtin_dashboard" ? false : undefined)),
  );
  if (changed.length > 0) {
    throw invalidParameter(
      `${changed.join(", ")} can only be set when the monitor is created; recreate the monitor to change it`,
    );
  }
}
