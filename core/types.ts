import type { ColumnType } from "./enums";

/** Names and columns as every layer speaks of them. */

/** A Unity Catalog three-level name, each part already validated. */
export interface TableName {
  catalog: string;
  schema: string;
  table: string;
}

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
