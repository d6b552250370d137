import type * as pulumi from "@pulumi/pulumi";
import { defaultTablePrefix, payloadTableName, processedTableName } from "../core/tables";
import type { ColumnSpec, LabelsJoin } from "../core/types";
import type { DriftAlertsArgs } from "./DriftAlerts";
import type { ExperimentSpaceArgs } from "./ExperimentSpace";
import type { InferenceTableArgs } from "./InferenceTable";
import type { QualityMonitorArgs } from "./QualityMonitor";
import type { RegisteredModelArgs } from "./RegisteredModel";
import type { ServingEndpointArgs } from "./ServingEndpoint";

/** What a readiness wait may be told: how long to look, and the longest pause between looks. */
export interface WaitArgs {
  timeoutSeconds?: number;
  pollIntervalSeconds?: number;
}

/**
 * One model's monitoring, described once: MonitoredModel hands each part the values the parts
 * share (the warehouse, the tables, the columns) and wires them together.
 */
export interface MonitoredModelArgs {
  /** The Unity Catalog registered model the endpoint serves: `catalog.schema.name`. */
  registeredModel: string;
  /** The SQL warehouse of the processing job, the monitor, the alerts and the thresholds table. */
  warehouseId: pulumi.Input<string>;
  /**
   * Where the model's tables live: payload and processed tables in `inferenceSchema`, metric
   * tables and the stack's thresholds table in `monitoringSchema`. `tablePrefix` names the
   * inference tables; default the model's name with `_` for `-`.
   */
  tables: {
    catalog: string;
    inferenceSchema: string;
    monitoringSchema: string;
    tablePrefix?: string;
  };
  /** The model's input columns, as logged requests carry them. */
  features: ColumnSpec[];
  prediction: ColumnSpec;
  /** Ground truth and where it comes from: give both or neither. */
  label?: ColumnSpec;
  labels?: LabelsJoin;
  /** Set on the endpoint (on create) and, unless given there, the registered model's comment. */
  description?: string;
  /** The stack's name in names and descriptions; default the current stack. */
  stack?: string;
  /** Protect and retain what holds data: the processed table, the threshold rows, the experiment. */
  protectData?: boolean;
  /** The serving endpoint; its name defaults to `<model>-<stack>`. */
  endpoint: Omit<
    ServingEndpointArgs,
    "model" | "endpointName" | "registeredModel" | "inferenceTable" | "description"
  > & { name?: pulumi.Input<string> };
  /** The processed table and the job that keeps it current. */
  inference: Pick<
    InferenceTableArgs,
    | "schedule"
    | "lateArrivalHours"
    | "modelIdSource"
    | "failureEmails"
    | "adoptExisting"
    | "adoptHint"
  >;
  /** The quality monitor on the processed table. */
  monitor: Omit<
    QualityMonitorArgs,
    "table" | "processedTable" | "outputSchema" | "predictionColumn" | "labelColumn" | "warehouseId"
  >;
  /** Thresholds, data-quality limits and who is alerted. */
  alerts: Omit<
    DriftAlertsArgs,
    | "model"
    | "stack"
    | "processedTable"
    | "outputSchema"
    | "features"
    | "warehouseId"
    | "protectData"
    | "monitorReady"
  >;
  /** Govern the registered model here (owner, comment, grants); leave out when another stack does. */
  governRegisteredModel?: Omit<RegisteredModelArgs, "fullName" | "protectData">;
  /** The MLflow experiment the training logs to; none when left out. */
  experiment?: Omit<ExperimentSpaceArgs, "protectData">;
  /** How long to look for the payload table after the endpoint is up (default 120 s). */
  payloadTableWait?: WaitArgs;
  /** How long to wait for the monitor and follow its first refresh (default 600 s). */
  monitorWait?: WaitArgs;
}

/** Each part's arguments, before MonitoredModel adds the resources they wait for. */
export interface MonitoredModelParts {
  stack: string;
  endpoint: ServingEndpointArgs;
  inference: InferenceTableArgs;
  monitor: QualityMonitorArgs;
  alerts: DriftAlertsArgs;
  registeredModel?: RegisteredModelArgs;
  experiment?: ExperimentSpaceArgs;
}

/** What each part of model `model` is given (pure: no resource is declared). */
export function monitoredModelParts(
  model: string,
  args: MonitoredModelArgs,
  currentStack: () => string,
): MonitoredModelParts {
  const stack = args.stack ?? currentStack();
  const { catalog, inferenceSchema, monitoringSchema } = args.tables;
  const prefix = args.tables.tablePrefix ?? defaultTablePrefix(model);
  const inferenceTables = { catalog, schema: inferenceSchema };
  const outputSchema = { catalog, schema: monitoringSchema };
  const processedTable = processedTableName(inferenceTables, prefix);
  const { name: endpointName, ...endpoint } = args.endpoint;
  const columns = {
    features: args.features,
    prediction: args.prediction,
    ...(args.label === undefined ? {} : { label: args.label }),
    ...(args.labels === undefined ? {} : { labels: args.labels }),
  };
  return {
    stack,
    endpoint: {
      ...endpoint,
      model,
      endpointName: endpointName ?? `${model}-${stack}`,
      registeredModel: args.registeredModel,
      inferenceTable: { catalog, schema: inferenceSchema, tablePrefix: prefix },
      description: args.description,
    },
    inference: {
      ...args.inference,
      ...columns,
      model,
      stack,
      payloadTable: payloadTableName(inferenceTables, prefix),
      processedTable,
      warehouseId: args.warehouseId,
      protectData: args.protectData,
    },
    monitor: {
      ...args.monitor,
      table: processedTable,
      outputSchema,
      predictionColumn: args.prediction.name,
      labelColumn: args.label?.name,
      warehouseId: args.warehouseId,
    },
    alerts: {
      ...args.alerts,
      model,
      stack,
      processedTable,
      outputSchema,
      features: args.features,
      warehouseId: args.warehouseId,
      protectData: args.protectData,
    },
    ...(args.governRegisteredModel === undefined
      ? {}
      : {
          registeredModel: {
            ...args.governRegisteredModel,
            fullName: args.registeredModel,
            comment: args.governRegisteredModel.comment ?? args.description,
            protectData: args.protectData,
          },
        }),
    ...(args.experiment === undefined
      ? {}
      : { experiment: { ...args.experiment, protectData: args.protectData } }),
  };
}
