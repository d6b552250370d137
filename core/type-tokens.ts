/**
 * The Pulumi type tokens of this package. Every state names its resources by them, so they never
 * change: components are `model-monitoring:<module>:<Type>`; a dynamic resource gives Pulumi a
 * module and a type, and Pulumi names it `pulumi-nodejs:dynamic/<module>:<Type>`.
 */

export const COMPONENT_TYPES = {
  MonitoredModel: "model-monitoring:index:MonitoredModel",
  ServingEndpoint: "model-monitoring:serving:ServingEndpoint",
  InferenceTable: "model-monitoring:inference:InferenceTable",
  QualityMonitor: "model-monitoring:monitoring:QualityMonitor",
  DriftAlerts: "model-monitoring:monitoring:DriftAlerts",
  RegisteredModel: "model-monitoring:governance:RegisteredModel",
  ExperimentSpace: "model-monitoring:governance:ExperimentSpace",
  Retention: "model-monitoring:inference:Retention",
} as const;

/** The module every dynamic resource of this package passes to Pulumi. */
export const DYNAMIC_MODULE = "model-monitoring";

export const DYNAMIC_TYPES = {
  PayloadTableReady: "PayloadTableReady",
  MonitorReady: "MonitorReady",
  DriftThresholds: "DriftThresholds",
} as const;
export type DynamicType = keyof typeof DYNAMIC_TYPES;

/** `pulumi-nodejs:dynamic/model-monitoring:<Type>`, as the engine and the offline plan report it. */
export const DYNAMIC_TYPE_TOKENS = {
  PayloadTableReady: "pulumi-nodejs:dynamic/model-monitoring:PayloadTableReady",
  MonitorReady: "pulumi-nodejs:dynamic/model-monitoring:MonitorReady",
  DriftThresholds: "pulumi-nodejs:dynamic/model-monitoring:DriftThresholds",
} as const satisfies Record<
  DynamicType,
  `pulumi-nodejs:dynamic/${typeof DYNAMIC_MODULE}:${string}`
>;
