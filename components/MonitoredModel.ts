import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { stageFromTables, type ModelStage } from "../core/model-stage";
import { MonitorReady } from "../dynamic-providers/monitor-ready";
import { PayloadTableReady } from "../dynamic-providers/payload-table-ready";
import { DriftAlerts } from "./DriftAlerts";
import { ExperimentSpace } from "./ExperimentSpace";
import { InferenceTable } from "./InferenceTable";
import { QualityMonitor } from "./QualityMonitor";
import { RegisteredModel } from "./RegisteredModel";
import { ServingEndpoint } from "./ServingEndpoint";
import { COMPONENT_TYPES } from "../core/type-tokens";
import { formatTableName } from "../core/names";

export interface MonitoredModelArgs {
  spec: ModelSpec;
}

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
  experimentId: pulumi.Output<string>;
  experimentPath: pulumi.Output<string>;
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
 */
export class MonitoredModel extends pulumi.ComponentResource {
  readonly lineage: ModelLineage;

  constructor(name: string, args: MonitoredModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.MonitoredModel, name, {}, opts);
    const { spec } = args;
    const child = { parent: this };

    const endpoint = new ServingEndpoint(`${name}-endpoint`, { spec }, child);
    // Databricks creates the payload table after the endpoint (maybe only with the first
    // request): look for it a while and record whether it is there.
    const payloadReady = new PayloadTableReady(
      `${name}-payload-ready`,
      {
        tableName: formatTableName(spec.inference.payloadTable),
        endpointName: endpoint.endpointName,
      },
      { parent: this, dependsOn: [endpoint] },
    );
    const inference = new InferenceTable(
      `${name}-inference`,
      { spec, payloadTableReady: [payloadReady] },
      child,
    );
    const monitor = new QualityMonitor(
      `${name}-monitor`,
      { spec, processedTable: inference.processedTable },
      child,
    );
    // The monitor is usable (ACTIVE) only some time after create; its metric tables come with
    // the first successful refresh (maybe only once the processed table has rows).
    const monitorReady = new MonitorReady(
      `${name}-monitor-ready`,
      { tableName: monitor.tableName, monitorVersion: monitor.monitor.monitorVersion },
      { parent: this, dependsOn: [monitor] },
    );
    // Thresholds, then the alerts whose queries read them with the metric tables.
    const alerts = new DriftAlerts(
      `${name}-alerts`,
      { spec, after: [monitorReady], adoptThresholds: spec.alerting.adoptThresholds },
      child,
    );
    // Governance: the registered model (unless another stack governs it) and the experiment.
    if (spec.governance.registeredModel.manage)
      new RegisteredModel(`${name}-registered-model`, { spec }, child);
    const experiment = new ExperimentSpace(`${name}-experiment`, { spec }, child);

    this.lineage = {
      model: spec.name,
      registeredModel: spec.registeredModel,
      endpointName: endpoint.endpointName,
      servedVersions: endpoint.servedVersions,
      servedAliases: Object.fromEntries(
        spec.endpoint.servedEntities.flatMap((e) =>
          e.alias === undefined ? [] : [[e.name, e.alias]],
        ),
      ),
      payloadTable: inference.payloadTableName,
      processedTable: inference.processedTableName,
      profileMetricsTable: monitor.profileMetricsTableName,
      driftMetricsTable: monitor.driftMetricsTableName,
      dashboardId: monitor.dashboardId,
      experimentId: experiment.experimentId,
      experimentPath: experiment.experimentPath,
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
