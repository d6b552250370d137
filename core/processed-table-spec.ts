import type { ModelIdSource } from "./enums";
import type { ColumnSpec, LabelsJoin, TableName } from "./types";

/** What the processed-table SQL (sql/processed-table*.ts) is generated from. */
export interface ProcessedTableSpec {
  payloadTable: TableName; // created by Databricks: <catalog>.<schema>.<prefix>_payload
  processedTable: TableName;
  features: ColumnSpec[];
  prediction: ColumnSpec; // prediction column name/type in the processed table
  label?: ColumnSpec; // label column in the processed table (filled from labelsJoin)
  labelsJoin?: LabelsJoin;
  lateArrivalHours: number; // re-scan window behind the newest processed row (payload rows land late, best effort)
  /**
   * Where `model_id` comes from (sql/model-id.ts). "served_entity_id" (default) is the
   * payload row's own served entity id: it needs no grant beyond the payload table.
   * "system_table" joins system.serving.served_entities for `<entity_name>/<entity_version>`;
   * the principal running the refresh then needs SELECT on that system table.
   */
  modelIdSource?: ModelIdSource;
}

/** What a processed table is made from (a ModelSpec has these fields). */
export interface ProcessedTableSource {
  inference: {
    payloadTable: TableName;
    processedTable: TableName;
    lateArrivalHours: number;
    modelIdSource: ModelIdSource;
  };
  features: readonly ColumnSpec[];
  prediction: ColumnSpec;
  label?: ColumnSpec;
  labels?: LabelsJoin;
}

/** The part of a model's description that the processed-table SQL needs. */
export function processedTableSpecOf(spec: ProcessedTableSource): ProcessedTableSpec {
  const result: ProcessedTableSpec = {
    payloadTable: spec.inference.payloadTable,
    processedTable: spec.inference.processedTable,
    features: spec.features.map(({ name, type, comment }) =>
      comment ? { name, type, comment } : { name, type },
    ),
    prediction: { name: spec.prediction.name, type: spec.prediction.type },
    lateArrivalHours: spec.inference.lateArrivalHours,
    modelIdSource: spec.inference.modelIdSource,
  };
  if (spec.label) result.label = { name: spec.label.name, type: spec.label.type };
  if (spec.labels) result.labelsJoin = spec.labels;
  return result;
}
