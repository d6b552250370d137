import { modelIdSourceOf } from "./model-id";
import { assertValidProcessedTableSpec } from "./processed-table-spec";
import type { ColumnSpec } from "../core/types";
import type { ModelIdSource } from "../core/enums";
import type { ProcessedTableSpec } from "../core/processed-table-spec";

/** What a column of the processed table is for. */
export type ProcessedColumnRole = "fixed" | "feature" | "prediction" | "label";

/** A processed-table column as returned by processedTableColumns (a ColumnSpec). */
export interface ProcessedColumn extends ColumnSpec {
  role: ProcessedColumnRole;
}

/**
 * Fixed columns before the model's own columns, in table order. Comments are our constants;
 * the monitor reads `request_time` as its timestamp column and `model_id` as its model id.
 */
const LEADING_COLUMNS: readonly ProcessedColumn[] = [
  {
    name: "databricks_request_id",
    type: "string",
    role: "fixed",
    comment: "Request id assigned by Databricks (payload table)",
  },
  {
    name: "client_request_id",
    type: "string",
    role: "fixed",
    comment: "Request id supplied by the caller, if any (payload table)",
  },
  {
    name: "record_index",
    type: "int",
    role: "fixed",
    comment: "Zero-based position of this record within a batch request",
  },
  {
    name: "request_time",
    type: "timestamp",
    role: "fixed",
    comment: "Time the request arrived, the monitor timestamp column",
  },
  {
    name: "request_date",
    type: "date",
    role: "fixed",
    comment: "UTC date the request arrived, the clustering key",
  },
  {
    name: "model_id",
    type: "string",
    role: "fixed",
    comment: "", // by the model id source: MODEL_ID_COMMENTS
  },
  {
    name: "served_entity_id",
    type: "string",
    role: "fixed",
    comment: "Id of the served entity that answered (payload table)",
  },
];

const TRAILING_COLUMNS: readonly ProcessedColumn[] = [
  {
    name: "processed_at",
    type: "timestamp",
    role: "fixed",
    comment: "Time the refresh inserted this row",
  },
];

/** What `model_id` holds, per model id source (sql/model-id.ts). */
export const MODEL_ID_COMMENTS: Record<ModelIdSource, string> = {
  served_entity_id: "Id of the served entity that answered. The monitor model id column",
  system_table:
    "Served model as entity_name/entity_version (system.serving.served_entities). The monitor model id column",
};

/** Comments for the model's own columns when the user gave none (and always in generated DDL). */
export const ROLE_COMMENTS = {
  feature: "Model input, parsed from the request JSON",
  prediction: "Model output, parsed from the response JSON",
  label: "Ground truth, filled from the labels table",
} as const;

/**
 * The typed columns of the processed table, in order: the fixed leading columns, the features,
 * the prediction, the optional label, then `processed_at`. Throws on an invalid spec, including
 * a feature, prediction or label that reuses a fixed column name.
 */
export function processedTableColumns(spec: ProcessedTableSpec): ProcessedColumn[] {
  assertValidProcessedTableSpec(spec);
  const own: ProcessedColumn[] = [
    ...spec.features.map((f) => ({
      name: f.name,
      type: f.type,
      role: "feature" as const,
      comment: f.comment ?? ROLE_COMMENTS.feature,
    })),
    {
      name: spec.prediction.name,
      type: spec.prediction.type,
      role: "prediction",
      comment: spec.prediction.comment ?? ROLE_COMMENTS.prediction,
    },
  ];
  if (spec.label) {
    own.push({
      name: spec.label.name,
      type: spec.label.type,
      role: "label",
      comment: spec.label.comment ?? ROLE_COMMENTS.label,
    });
  }
  const modelIdComment = MODEL_ID_COMMENTS[modelIdSourceOf(spec)];
  return [...LEADING_COLUMNS, ...own, ...TRAILING_COLUMNS].map((c) =>
    c.name === "model_id" ? { ...c, comment: modelIdComment } : { ...c },
  );
}
