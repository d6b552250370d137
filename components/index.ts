/**
 * The components as a library: `import { MonitoredModel } from "model-monitoring"`. Each takes
 * narrow, documented arguments (values may be `pulumi.Input`s where Databricks takes them) and
 * rejects invalid or conflicting ones in its constructor. `MonitoredModel.fromSpec` adapts a
 * model of our YAML configuration.
 */
export { MonitoredModel, type ModelLineage } from "./MonitoredModel";
export type { MonitoredModelArgs, WaitArgs } from "./monitored-model-parts";
export {
  ServingEndpoint,
  type ServingEndpointArgs,
  type ServedEntityArgs,
} from "./ServingEndpoint";
export { InferenceTable, type InferenceTableArgs } from "./InferenceTable";
export { QualityMonitor, type QualityMonitorArgs } from "./QualityMonitor";
export { DriftAlerts, type DriftAlertsArgs } from "./DriftAlerts";
export { RegisteredModel, type RegisteredModelArgs } from "./RegisteredModel";
export { ExperimentSpace, type ExperimentSpaceArgs } from "./ExperimentSpace";
export type { ScheduleArgs } from "./options";
export {
  driftAlertsProblems,
  grantProblems,
  qualityMonitorProblems,
  servingEndpointProblems,
  threeLevelNameProblems,
} from "./arg-checks";
export { PayloadTableReady } from "../dynamic-providers/payload-table-ready";
export { MonitorReady } from "../dynamic-providers/monitor-ready";
export { DriftThresholds } from "../dynamic-providers/drift-thresholds";
export { BUILT_IN, DATA_QUALITY_DEFAULTS } from "../core/defaults";
