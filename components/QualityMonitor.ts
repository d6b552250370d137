import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { CustomMetricSpec } from "../config/model-spec";
import { MODEL_ID_COLUMN, TIMESTAMP_COLUMN } from "../core/columns";
import { BUILT_IN } from "../core/defaults";
import type { Granularity, MonitorProblemType } from "../core/enums";
import { formatTableName } from "../core/names";
import { metricTables, type SchemaName } from "../core/tables";
import { COMPONENT_TYPES } from "../core/type-tokens";
import type { TableName } from "../core/types";
import { qualityMonitorProblems } from "./arg-checks";
import { rejectProblems, timezoneOf, type ScheduleArgs } from "./options";

export interface QualityMonitorArgs {
  /** The table the monitor profiles: a processed table (InferenceTable). */
  table: TableName;
  /** The resource that creates that table: the monitor needs it to exist. */
  processedTable?: databricks.SqlTable;
  /** Where the metric tables go: `<table>_profile_metrics`, `<table>_drift_metrics`. */
  outputSchema: SchemaName;
  /** Workspace folder of the monitor's dashboard (create-only). */
  assetsDir: pulumi.Input<string>;
  problemType: MonitorProblemType;
  /** The prediction column of the table, and the label column when there are labels. */
  predictionColumn: string;
  labelColumn?: string;
  /** Time windows aggregated; default one day. */
  granularities?: Granularity[];
  /** SQL expressions to slice the metrics by. */
  slicingExprs?: string[];
  /** `catalog.schema.table` with the same columns, for BASELINE drift. */
  baselineTable?: string;
  customMetrics?: CustomMetricSpec[];
  /** Refreshes on this schedule; none (refresh on demand) when absent or paused. */
  schedule?: ScheduleArgs;
  /** Told when a refresh fails: at most five. */
  failureEmails?: string[];
  /** Create the monitor without its dashboard (create-only). */
  skipBuiltinDashboard?: boolean;
  /** The SQL warehouse that computes the metrics (create-only). */
  warehouseId: pulumi.Input<string>;
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
    rejectProblems("QualityMonitor", name, qualityMonitorProblems(args));
    const outputSchema = `${args.outputSchema.catalog}.${args.outputSchema.schema}`;
    const table = args.table;
    const schedule = args.schedule;
    const failureEmails = args.failureEmails ?? [];
    const slicingExprs = args.slicingExprs ?? [];
    const customMetrics = args.customMetrics ?? [];

    this.monitor = new databricks.QualityMonitor(
      name,
      {
        tableName: ucName(formatTableName(table)),
        assetsDir: args.assetsDir,
        outputSchemaName: ucName(outputSchema),
        inferenceLog: {
          problemType: PROBLEM_TYPES[args.problemType],
          granularities: args.granularities ?? [...BUILT_IN.granularities],
          timestampCol: TIMESTAMP_COLUMN,
          modelIdCol: MODEL_ID_COLUMN,
          predictionCol: args.predictionColumn,
          labelCol: args.labelColumn,
        },
        // The monitor API has no pause switch (pause_status is read-only), so a paused
        // schedule is left out: the monitor then refreshes only on demand.
        schedule:
          schedule === undefined || schedule.paused === true
            ? undefined
            : { quartzCronExpression: schedule.cron, timezoneId: timezoneOf(schedule) },
        notifications:
          failureEmails.length > 0 ? { onFailure: { emailAddresses: failureEmails } } : undefined,
        slicingExprs: slicingExprs.length > 0 ? slicingExprs : undefined,
        baselineTableName:
          args.baselineTable === undefined ? undefined : ucName(args.baselineTable),
        customMetrics:
          customMetrics.length > 0
            ? customMetrics.map((metric) => ({
                type: CUSTOM_METRIC_TYPES[metric.type],
                name: metric.name,
                inputColumns: metric.inputColumns,
                definition: metric.definition,
                outputDataType: metric.outputDataType,
              }))
            : undefined,
        warehouseId: args.warehouseId,
        // Sent only when true: the provider does not keep false (the API's default).
        skipBuiltinDashboard: args.skipBuiltinDashboard === true ? true : undefined,
      },
      {
        parent: this,
        dependsOn: args.processedTable === undefined ? [] : [args.processedTable],
        replaceOnChanges: MONITOR_REPLACE_ON_CHANGES,
        ignoreChanges: MONITOR_IGNORE_CHANGES,
        // A table has at most one monitor: the old one must go before the new one is made.
        deleteBeforeReplace: true,
      },
    );

    this.tableName = this.monitor.tableName;
    // Names are derived the way Databricks names them, so they are known at preview time.
    const metrics = metricTables(table, args.outputSchema);
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
