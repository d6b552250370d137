import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { MODEL_ID_COLUMN } from "../core/columns";
import { COMPONENT_TYPES } from "../core/type-tokens";
import { formatTableName } from "../core/names";
import { metricTables } from "../core/tables";

export interface QualityMonitorArgs {
  spec: ModelSpec;
  /** The processed table the monitor profiles; the monitor needs it to exist. */
  processedTable: pulumi.Resource;
}

const PROBLEM_TYPES = {
  classification: "PROBLEM_TYPE_CLASSIFICATION",
  regression: "PROBLEM_TYPE_REGRESSION",
} as const;

const CUSTOM_METRIC_TYPES = {
  aggregate: "CUSTOM_METRIC_TYPE_AGGREGATE",
  derived: "CUSTOM_METRIC_TYPE_DERIVED",
  drift: "CUSTOM_METRIC_TYPE_DRIFT",
} as const;

/**
 * Fields the bridged provider would try to update in place although Databricks cannot: the
 * table is the monitor's identity, assets dir and output schema cannot be updated, the
 * warehouse is create-only (docs/databricks-api.md, quality monitors). Each is read back reliably
 * (components/provider-read-back.ts), so a refresh never triggers one of these replacements.
 */
export const MONITOR_REPLACE_ON_CHANGES = [
  "tableName",
  "assetsDir",
  "outputSchemaName",
  "warehouseId",
];

/**
 * The dashboard choice is create-only too, but the provider keeps `skipBuiltinDashboard` only
 * when it is true, so it must never decide a replacement: a change applies only to a new
 * monitor (the plan says so). Ignoring it also keeps states written before it was left out
 * (holding false) from showing a diff.
 */
export const MONITOR_IGNORE_CHANGES = ["skipBuiltinDashboard"];

/** Unity Catalog names as the monitor API answers them (lower case; provider-read-back.ts). */
const ucName = (name: string) => name.toLowerCase();

/**
 * An inference-log quality monitor on the processed table. It writes
 * `<table>_profile_metrics` and `<table>_drift_metrics` into the monitoring schema; the
 * thresholds and alerts that read them are declared elsewhere.
 */
export class QualityMonitor extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly profileMetricsTableName: pulumi.Output<string>;
  readonly driftMetricsTableName: pulumi.Output<string>;
  readonly dashboardId: pulumi.Output<string>;
  readonly monitor: databricks.QualityMonitor;

  constructor(name: string, args: QualityMonitorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.QualityMonitor, name, {}, opts);
    const { spec } = args;
    const m = spec.monitor;
    const outputSchema = `${m.outputSchema.catalog}.${m.outputSchema.schema}`;
    const table = spec.inference.processedTable;

    this.monitor = new databricks.QualityMonitor(
      name,
      {
        tableName: ucName(formatTableName(table)),
        assetsDir: m.assetsDir,
        outputSchemaName: ucName(outputSchema),
        inferenceLog: {
          problemType: PROBLEM_TYPES[spec.monitorProblemType],
          granularities: m.granularities,
          timestampCol: "request_time",
          modelIdCol: MODEL_ID_COLUMN,
          predictionCol: spec.prediction.name,
          labelCol: spec.label?.name,
        },
        // The monitor API has no pause switch (pause_status is read-only), so a paused
        // schedule is left out: the monitor then refreshes only on demand.
        schedule: m.schedule.paused
          ? undefined
          : { quartzCronExpression: m.schedule.cron, timezoneId: m.schedule.timezone },
        notifications:
          m.failureEmails.length > 0
            ? { onFailure: { emailAddresses: m.failureEmails } }
            : undefined,
        slicingExprs: m.slicingExprs.length > 0 ? m.slicingExprs : undefined,
        baselineTableName: m.baselineTable === undefined ? undefined : ucName(m.baselineTable),
        customMetrics:
          m.customMetrics.length > 0
            ? m.customMetrics.map((metric) => ({
                type: CUSTOM_METRIC_TYPES[metric.type],
                name: metric.name,
                inputColumns: metric.inputColumns,
                definition: metric.definition,
                outputDataType: metric.outputDataType,
              }))
            : undefined,
        warehouseId: spec.warehouseId,
        // Sent only when true: the provider does not keep false (the API's default).
        skipBuiltinDashboard: m.skipBuiltinDashboard ? true : undefined,
      },
      {
        parent: this,
        dependsOn: [args.processedTable],
        replaceOnChanges: MONITOR_REPLACE_ON_CHANGES,
        ignoreChanges: MONITOR_IGNORE_CHANGES,
        // A table has at most one monitor: the old one must go before the new one is made.
        deleteBeforeReplace: true,
      },
    );

    this.tableName = this.monitor.tableName;
    // Names are derived the way Databricks names them, so they are known at preview time.
    const metrics = metricTables(table, m.outputSchema);
    this.profileMetricsTableName = pulumi.output(formatTableName(metrics.profile));
    this.driftMetricsTableName = pulumi.output(formatTableName(metrics.drift));
    this.dashboardId = this.monitor.dashboardId;
    this.registerOutputs({
      tableName: this.tableName,
      profileMetricsTableName: this.profileMetricsTableName,
      driftMetricsTableName: this.driftMetricsTableName,
      dashboardId: this.dashboardId,
    });
  }
}
