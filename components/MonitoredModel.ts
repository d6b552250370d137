import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { InferenceTable } from "./InferenceTable";
import { QualityMonitor } from "./QualityMonitor";
import { ServingEndpoint } from "./ServingEndpoint";

export interface MonitoredModelArgs {
  spec: ModelSpec;
}

/** What one model's monitoring consists of, exported per model as a stack output. */
export interface ModelLineage {
  model: string;
  registeredModel: string;
  endpointName: pulumi.Output<string>;
  servedVersions: pulumi.Output<Record<string, string>>;
  payloadTable: pulumi.Output<string>;
  processedTable: pulumi.Output<string>;
  profileMetricsTable: pulumi.Output<string>;
  driftMetricsTable: pulumi.Output<string>;
  dashboardId: pulumi.Output<string>;
}

/**
 * Everything that monitors one model in one stack, created in dependency order:
 * serving endpoint (which makes Databricks create the payload table) -> processed table and
 * its refresh job -> quality monitor on the processed table.
 */
export class MonitoredModel extends pulumi.ComponentResource {
  readonly lineage: ModelLineage;

  constructor(name: string, args: MonitoredModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super("model-monitoring:index:MonitoredModel", name, {}, opts);
    const { spec } = args;
    const child = { parent: this };

    const endpoint = new ServingEndpoint(`${name}-endpoint`, { spec }, child);
    const inference = new InferenceTable(
      `${name}-inference`,
      // Until the payload-table readiness wait exists, the refresh job waits for the endpoint.
      { spec, payloadTableReady: [endpoint] },
      child,
    );
    const monitor = new QualityMonitor(
      `${name}-monitor`,
      { spec, processedTable: inference.processedTable },
      child,
    );

    this.lineage = {
      model: spec.name,
      registeredModel: spec.registeredModel,
      endpointName: endpoint.endpointName,
      servedVersions: endpoint.servedVersions,
      payloadTable: inference.payloadTableName,
      processedTable: inference.processedTableName,
      profileMetricsTable: monitor.profileMetricsTableName,
      driftMetricsTable: monitor.driftMetricsTableName,
      dashboardId: monitor.dashboardId,
    };
    this.registerOutputs({ lineage: this.lineage });
  }
}
