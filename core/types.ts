/**
 * Types shared by the SQL generators. The first five are the agreed interface; the additions
 * below them are marked as such.
 */

/** A Unity Catalog three-level name, each part already validated. */
export interface TableName {
  catalog: string;
  schema: string;
  table: string;
}

/** Databricks SQL column types the project supports for features, predictions and labels. */
export type ColumnType =
  "string" | "boolean" | "int" | "bigint" | "float" | "double" | "date" | "timestamp";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  comment?: string;
}

export interface LabelsJoin {
  table: TableName; // a table the user maintains with ground truth
  keyColumn: string; // column in the labels table
  requestKey: string; // "client_request_id" or the name of a feature column carrying the same id
  labelColumn: string; // column in the labels table holding the label
  lookbackDays: number; // how far back already-processed rows get labels filled in (labels arrive late)
}

export interface ProcessedTableSpec {
  payloadTable: TableName; // created by Databricks: <catalog>.<schema>.<prefix>_payload
  processedTable: TableName;
  features: ColumnSpec[];
  prediction: ColumnSpec; // prediction column name/type in the processed table
  label?: ColumnSpec; // label column in the processed table (filled from labelsJoin)
  labelsJoin?: LabelsJoin;
  lateArrivalHours: number; // re-scan window behind the newest processed row (payload rows land late, best effort)
  /**
   * ADDITION. Where `model_id` comes from (sql/model-id.ts). "served_entity_id" (default) is the
   * payload row's own served entity id: it needs no grant beyond the payload table.
   * "system_table" joins system.serving.served_entities for `<entity_name>/<entity_version>`;
   * the principal running the refresh then needs SELECT on that system table.
   */
  modelIdSource?: ModelIdSource;
}

/** ADDITION. See ProcessedTableSpec.modelIdSource. */
export type ModelIdSource = "system_table" | "served_entity_id";

/** ADDITION. What a column of the processed table is for. */
export type ProcessedColumnRole = "fixed" | "feature" | "prediction" | "label";

/** ADDITION. A processed-table column as returned by processedTableColumns (a ColumnSpec). */
export interface ProcessedColumn extends ColumnSpec {
  role: ProcessedColumnRole;
}

/** ADDITION. One common table expression of a generated statement: `<name> AS (...)`. */
export interface NamedCte {
  name: string;
  /** The whole `name AS (...)` text, with its leading comment lines. */
  text: string;
}
