import type { ModelSpec } from "../../config/model-spec";
import { monitoredModelArgsFromSpec } from "../../components/from-spec";
import {
  monitoredModelParts,
  type MonitoredModelParts,
} from "../../components/monitored-model-parts";

/** Each component's arguments for one resolved YAML model, as MonitoredModel.fromSpec builds them. */
export function partsOf(spec: ModelSpec): MonitoredModelParts {
  return monitoredModelParts(spec.name, monitoredModelArgsFromSpec(spec), () => spec.stack);
}
