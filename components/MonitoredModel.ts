import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { formatTableName } from "../core/names";
import { stageFromTables, type ModelStage } from "../core/model-stage";
import { COMPONENT_TYPES } from "../core/type-tokens";
import { MonitorReady } from "../dynamic-providers/monitor-ready";
import { PayloadTableReady } from "../dynamic-providers/payload-table-ready";
import { DriftAlerts } from "./DriftAlerts";
import { ExperimentSpace } from "./ExperimentSpace";
import { monitoredModelArgsFromSpec } from "./from-spec";
import { InferenceTable } from "./InferenceTable";
import { monitoredModelParts, type MonitoredModelArgs } from "./monitored-model-parts";
import { QualityMonitor } from "./QualityMonitor";
import { RegisteredModel } from "./RegisteredModel";
import { ServingEndpoint } from "./ServingEndpoint";

export type { MonitoredModelArgs } from "./monitored-model-parts";

/** What one model's monitoring consists of, exported per model as a stack output. */
export interface ModelLineage {
  model: string;
  registeredModel: string;
  endpointName: pulumi.Output<string>;
  servedVersions: pulumi.Output<Record<string, string>>;
  /** Served entity name -> the alias it follows (entities pinned to a version are absent). */
  servedAliases: Record<string, string>;
  payloadTable: pulumi.Output<string>;
  processedTable: pulumi.Output<string>;
  profileMetricsTable: pulumi.Output<string>;
  driftMetricsTable: pulumi.Output<string>;
  dashboardId: pulumi.Output<string>;
  /** Undefined when the model has no experiment here. */
  experimentId: pulumi.Output<string | undefined>;
  experimentPath: pulumi.Output<string | undefined>;
  /** `catalog.schema.table` holding the model's thresholds (one table per stack). */
  thresholdsTable: string;
  /** Severity -> AlertV2 id. */
  alertIds: pulumi.Output<Record<string, string>>;
  /**
   * Where the model stands, as of the last `up` or `pulumi refresh`: "waiting for first
   * request" (no payload table yet), "waiting for first window" (no metric tables yet) or
   * "monitoring". The day-2 commands tell it live, from the rows.
   */
  status: pulumi.Output<ModelStage>;
}

/**
 * Everything that monitors one model in one stack, created in dependency order:
 * serving endpoint (which makes Databricks create the payload table) -> look for the payload
 * table -> processed table and its refresh job -> quality monitor on the processed table ->
 * wait until the monitor is active and follow its first refresh -> thresholds -> alerts.
 * Nothing in the chain waits for traffic: on a fresh stack every resource is created, the model
 * is "waiting for first request", and it becomes "monitoring" by itself once requests arrive.
 *
 * The resource name is the model's name. Each part checks its arguments before anything is
 * declared; `MonitoredModel.fromSpec` builds one from the YAML configuration's ModelSpec.
 */
export class MonitoredModel extends pulumi.ComponentResource {
  readonly lineage: ModelLineage;

  /** The model of one resolved YAML model (config/load-project.ts), named after it. */
  static fromSpec(spec: ModelSpec, opts?: pulumi.ComponentResourceOptions): MonitoredModel {
    return new MonitoredModel(spec.name, monitoredModelArgsFromSpec(spec), opts);
  }

  constructor(name: string, args: MonitoredModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.MonitoredModel, name, {}, opts);
    const parts = monitoredModelParts(name, args, pulumi.getStack);
    const child = { parent: this };

    const endpoint = new ServingEndpoint(`${name}-endpoint`, parts.endpoint, child);
    // Databricks creates the payload table after the endpoint (maybe only with the first
    // request): look for it a while and record whether it is there.
    const payloadReady = new PayloadTableReady(
      `${name}-payload-ready`,
      {
        tableName: formatTableName(parts.inference.payloadTable),
        endpointName: endpoint.endpointName,
        ...args.payloadTableWait,
      },
      { parent: this, dependsOn: [endpoint] },
    );
    const inference = new InferenceTable(
      `${name}-inference`,
      { ...parts.inference, payloadTableReady: payloadReady },
      child,
    );
    const monitor = new QualityMonitor(
      `${name}-monitor`,
      { ...parts.monitor, processedTable: inference.processedTable },
      child,
    );
    // The monitor is usable (ACTIVE) only some time after create; its metric tables come with
    // the first successful refresh (maybe only once the processed table has rows).
    const monitorReady = new MonitorReady(
      `${name}-monitor-ready`,
      {
        tableName: monitor.tableName,
        monitorVersion: monitor.monitor.monitorVersion,
        ...args.monitorWait,
      },
      { parent: this, dependsOn: [monitor] },
    );
    // Thresholds, then the alerts whose queries read them with the metric tables.
    const alerts = new DriftAlerts(`${name}-alerts`, { ...parts.alerts, monitorReady }, child);
    // Governance: the registered model (unless another stack governs it) and the experiment.
    if (parts.registeredModel !== undefined)
      new RegisteredModel(`${name}-registered-model`, parts.registeredModel, child);
    const experiment =
      parts.experiment === undefined
        ? undefined
        : new ExperimentSpace(`${name}-experiment`, parts.experiment, child);

    this.lineage = {
      model: name,
      registeredModel: args.registeredModel,
      endpointName: endpoint.endpointName,
      servedVersions: endpoint.servedVersions,
      servedAliases: Object.fromEntries(
        args.endpoint.servedEntities.flatMap((e) =>
          e.alias === undefined ? [] : [[e.name, e.alias]],
        ),
      ),
      payloadTable: inference.payloadTableName,
      processedTable: inference.processedTableName,
      profileMetricsTable: monitor.profileMetricsTableName,
      driftMetricsTable: monitor.driftMetricsTableName,
      dashboardId: monitor.dashboardId,
      experimentId: experiment?.experimentId ?? pulumi.output(undefined),
      experimentPath: experiment?.experimentPath ?? pulumi.output(undefined),
      thresholdsTable: alerts.thresholdsTable,
      alertIds: alerts.alertIds,
      status: pulumi
        .all([payloadReady.tableExists, monitorReady.metricTablesExist])
        .apply(([payloadTableExists, metricTablesExist]) =>
          stageFromTables({
            payloadTableExists: payloadTableExists === true,
            metricTablesExist: metricTablesExist === true,
          }),
        ),
    };
    this.registerOutputs({ lineage: this.lineage });
  }
}
