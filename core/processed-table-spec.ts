import type { ModelSpec } from "../config/model-spec";
import type { ProcessedTableSpec } from "./types";

/** The part of a model's spec that the processed-table SQL needs. */
export function processedTableSpecOf(spec: ModelSpec): ProcessedTableSpec {
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
