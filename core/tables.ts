import type { TableName } from "./types";

/**
 * The tables one model has, named as Databricks names them (payload and metric tables) or as we
 * do (processed and thresholds tables). The only place that spells these names.
 */

/** Where a table lives: a catalog and a schema. */
export interface SchemaName {
  catalog: string;
  schema: string;
}

/** The prefix of a model's inference tables when none is configured: its name with `_` for `-`. */
export function defaultTablePrefix(model: string): string {
  return model.replace(/-/g, "_");
}

/** The AI Gateway writes `<prefix>_payload`; Databricks creates it, beside our processed table. */
export function payloadTableName(schema: SchemaName, prefix: string): TableName {
  return { catalog: schema.catalog, schema: schema.schema, table: `${prefix}_payload` };
}

/** Our typed table, kept current from the payload table: `<prefix>_processed`. */
export function processedTableName(schema: SchemaName, prefix: string): TableName {
  return { catalog: schema.catalog, schema: schema.schema, table: `${prefix}_processed` };
}

export type MetricTableKind = "profile" | "drift";

/** A monitor on table `t` writes `t_profile_metrics` and `t_drift_metrics` (Databricks' naming). */
export function metricTableName(monitoredTable: string, kind: MetricTableKind): string {
  return `${monitoredTable}_${kind}_metrics`;
}

/** Both metric tables of a monitor on `monitored`, in the monitor's output schema. */
export function metricTables(
  monitored: TableName,
  outputSchema: SchemaName,
): Record<MetricTableKind, TableName> {
  const inSchema = (kind: MetricTableKind): TableName => ({
    catalog: outputSchema.catalog,
    schema: outputSchema.schema,
    table: metricTableName(monitored.table, kind),
  });
  return { profile: inSchema("profile"), drift: inSchema("drift") };
}

/** One thresholds table per stack, in the monitoring schema. */
export const THRESHOLDS_TABLE = "drift_thresholds";

export function thresholdsTableName(schema: SchemaName): TableName {
  return { catalog: schema.catalog, schema: schema.schema, table: THRESHOLDS_TABLE };
}
