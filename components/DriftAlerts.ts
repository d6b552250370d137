import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import {
  alertQueryTables,
  alertSeverities,
  thresholdRowsOf,
  type DataQualitySpec,
  type ThresholdSpec,
} from "../core/alert-spec";
import { DATA_QUALITY_DEFAULTS } from "../core/defaults";
import type { SchemaName } from "../core/tables";
import type { TableName } from "../core/types";
import { DriftThresholds } from "../dynamic-providers/drift-thresholds";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
  alertQueryParameters,
  alertQueryText,
} from "../sql/alert-queries";
import { formatTableName } from "../core/names";
import { driftAlertsProblems } from "./arg-checks";
import {
  dataResourceOptions,
  givenOnly,
  pauseStatus,
  rejectProblems,
  timezoneOf,
  type ScheduleArgs,
} from "./options";
import { DEFAULT_ALERT_QUERY_FORM, type AlertQueryForm, type Severity } from "../core/enums";
import { COMPONENT_TYPES } from "../core/type-tokens";

export interface DriftAlertsArgs {
  /** The model the thresholds and alerts belong to (the thresholds table's `model` column). */
  model: string;
  /** The stack's name in the alerts' names; default the current stack. */
  stack?: string;
  /** The monitored (processed) table: the query reads its newest row and its metric tables. */
  processedTable: TableName;
  /** The monitor's output schema: its metric tables and the stack's thresholds table. */
  outputSchema: SchemaName;
  /** The model's features: each gets a null-rate check. */
  features: { name: string }[];
  /** Drift thresholds; the data-quality limits are added to them. */
  thresholds?: ThresholdSpec[];
  /** Data-quality limits; any left out take DATA_QUALITY_DEFAULTS (core/defaults.ts). */
  dataQuality?: Partial<DataQualitySpec>;
  /** Who is notified: one notification destination holds them all. */
  recipients: pulumi.Input<string>[];
  /** Also notify when an alert returns to OK; default false. */
  notifyOnOk?: boolean;
  /** Notify again while still triggered, every so many minutes; default 0 (once). */
  retriggerMinutes?: number;
  /** When the alerts evaluate: after the monitor's refresh, or they read the window before. */
  schedule: ScheduleArgs;
  /** The SQL warehouse that evaluates the alerts and holds the thresholds table. */
  warehouseId: pulumi.Input<string>;
  /** Take over threshold rows that already exist in the table (DriftThresholds `adopt`). */
  adoptThresholds?: boolean;
  /**
   * What each AlertV2 holds: "script" (default), a SQL script that reads the metric tables once
   * they exist and says "waiting" until then (needs SQL scripting on the warehouse), or
   * "statement", the query alone, whose evaluations end in ERROR until the tables exist.
   */
  queryForm?: AlertQueryForm;
  /**
   * Write the thresholds through the warehouse the dynamic provider is configured with
   * (`model-monitoring:warehouseId`, DATABRICKS_WAREHOUSE_ID or the profile's warehouse_id)
   * instead of `warehouseId`. The YAML program does: that config key is its `warehouseId`, and
   * its states hold no warehouse input. Default false.
   */
  thresholdsWarehouseFromConfig?: boolean;
  /** Protect and retain the threshold rows. */
  protectData?: boolean;
  /** Where the thresholds are managed, for the alerts' description; default "the Pulumi program". */
  thresholdsManagedIn?: string;
  /**
   * The monitor's readiness wait (a MonitorReady: ACTIVE, first refresh followed), so that where
   * a refresh of a table without rows writes the metric tables they exist before the first
   * evaluation. Nothing waits for traffic: see sql/alert-queries.ts for "no data yet".
   */
  monitorReady?: pulumi.Resource;
}

/**
 * An alert's query always returns exactly one row (an aggregate without GROUP BY). No rows can
 * only mean the query or the warehouse is broken, which must not pass for "all clear".
 */
export const EMPTY_RESULT_STATE = "TRIGGERED";

/**
 * The alerting of one model: its thresholds as rows of the stack's thresholds table, one
 * notification destination for its recipients, and one AlertV2 per severity whose query counts
 * the thresholds in breach (drift and data quality) in the latest metrics window. Until the
 * model has data, the query counts none and says "waiting for first request/window" (OK, not
 * paging); the alert needs no change when data arrives.
 *
 * One destination per model and stack, holding every recipient: a recipient change is an
 * in-place update of one object, the alerts subscribe to one id, and the destination belongs
 * to this model alone (a destination per address would be shared between models, so no single
 * component could own it).
 */
export class DriftAlerts extends pulumi.ComponentResource {
  readonly thresholds: DriftThresholds;
  readonly destination: databricks.NotificationDestination;
  readonly alerts: Partial<Record<Severity, databricks.AlertV2>>;
  /** Severity -> AlertV2 id. */
  readonly alertIds: pulumi.Output<Record<string, string>>;
  readonly thresholdsTable: string;

  constructor(name: string, args: DriftAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.DriftAlerts, name, {}, opts);
    rejectProblems("DriftAlerts", name, driftAlertsProblems(args));
    const model = args.model;
    const stack = args.stack ?? pulumi.getStack();
    const rows = thresholdRowsOf({
      thresholds: args.thresholds ?? [],
      features: args.features,
      dataQuality: { ...DATA_QUALITY_DEFAULTS, ...givenOnly(args.dataQuality) },
    });
    const tables = alertQueryTables({
      inference: { processedTable: args.processedTable },
      monitor: { outputSchema: args.outputSchema },
    });
    this.thresholdsTable = formatTableName(tables.thresholdsTable);

    this.thresholds = new DriftThresholds(
      `${name}-thresholds`,
      {
        table: this.thresholdsTable,
        model,
        thresholds: rows,
        adopt: args.adoptThresholds ?? false,
        ...(args.thresholdsWarehouseFromConfig === true ? {} : { warehouseId: args.warehouseId }),
      },
      // The rows are data others may have tuned: in prod they survive a destroy.
      {
        parent: this,
        dependsOn: args.monitorReady === undefined ? [] : [args.monitorReady],
        ...dataResourceOptions(args.protectData),
      },
    );

    this.destination = new databricks.NotificationDestination(
      `${name}-recipients`,
      {
        displayName: `[${stack}] ${model} model monitoring`,
        config: { email: { addresses: args.recipients } },
      },
      { parent: this },
    );

    const queryText = alertQueryText(tables, args.queryForm ?? DEFAULT_ALERT_QUERY_FORM);
    const schedule = args.schedule;
    const texts = { model, stack, managedIn: args.thresholdsManagedIn ?? "the Pulumi program" };
    this.alerts = {};
    for (const severity of alertSeverities(rows)) {
      const parameters = alertQueryParameters(model, severity);
      this.alerts[severity] = new databricks.AlertV2(
        `${name}-${severity}`,
        {
          displayName: `[${stack}] ${model} drift and data quality: ${severity}`,
          queryText,
          // Values of the query's :model and :severity markers (the query text has none).
          parameters: Object.entries(parameters).map(([key, value]) => ({
            name: key,
            type: "STRING",
            value,
          })),
          warehouseId: args.warehouseId,
          evaluation: {
            // No `display`: it renames the column and the condition never matches
            // (terraform-provider-databricks#5766). No aggregation: the first (only) row; an
            // aggregation also wraps the text in a CTE, which the script form cannot be in.
            source: { name: ALERT_VALUE_COLUMN },
            // ">= 1", not "> 0": the count is whole, and a threshold of 0 might not be read
            // back (provider-read-back.ts), which would be a diff after every refresh.
            comparisonOperator: "GREATER_THAN_OR_EQUAL",
            threshold: { value: { doubleValue: 1 } },
            emptyResultState: EMPTY_RESULT_STATE,
            notification: {
              subscriptions: [{ destinationId: this.destination.id }],
              notifyOnOk: args.notifyOnOk ?? false,
              retriggerSeconds: (args.retriggerMinutes ?? 0) * 60,
            },
          },
          schedule: {
            quartzCronSchedule: schedule.cron,
            timezoneId: timezoneOf(schedule),
            pauseStatus: pauseStatus(schedule),
          },
          customSummary: alertSummary(texts, severity),
          customDescription: alertDescription(
            texts,
            severity,
            tables.driftMetricsTable,
            this.thresholdsTable,
          ),
        },
        { parent: this, dependsOn: [this.thresholds] },
      );
    }
    // One Output over the alerts' ids (not one per alert and another to join them).
    this.alertIds = pulumi.all(
      Object.fromEntries(
        Object.entries(this.alerts).map(([severity, alert]) => [severity, alert.id]),
      ),
    );
    this.registerOutputs({
      thresholdsTable: this.thresholdsTable,
      destinationId: this.destination.id,
      alertIds: this.alertIds,
    });
  }
}

/**
 * Mustache over the query's one row: `{{#QUERY_RESULT_ROWS}}` ... `{{/QUERY_RESULT_ROWS}}`.
 * ASSUMPTION (UNCONFIRMED: the reference says only "mustache templates"): AlertV2 templates
 * expose the result rows as QUERY_RESULT_ROWS with column names as keys, as legacy SQL alerts
 * did. If not, the notification still arrives, with the summary's placeholders left empty.
 */
const row = (text: string) => `{{#QUERY_RESULT_ROWS}}${text}{{/QUERY_RESULT_ROWS}}`;

/**
 * The notification's subject: which model, stack and severity, what is in breach, and where the
 * model stands (an OK notification while no data has arrived says "waiting for ...").
 */
export function alertSummary(names: AlertNames, severity: Severity): string {
  return `[${names.stack}] ${names.model} ${severity}: ${row(`{{${ALERT_DETAIL_COLUMN}}} ({{${ALERT_STATUS_COLUMN}}})`)}`;
}

/** What an alert's texts name: the model, its stack, and where its thresholds are managed. */
export interface AlertNames {
  model: string;
  stack: string;
  managedIn: string;
}

export function alertDescription(
  names: AlertNames,
  severity: Severity,
  driftMetricsTable: { catalog: string; schema: string; table: string },
  thresholdsTable: string,
): string {
  return [
    `{{ALERT_STATUS}}: ${row(`{{${ALERT_VALUE_COLUMN}}}`)} ${severity} threshold(s) of model ${names.model} (stack ${names.stack}) in breach.`,
    "",
    row(`{{${ALERT_DETAIL_COLUMN}}}`),
    "",
    `Model status: ${row(`{{${ALERT_STATUS_COLUMN}}}`)}. "waiting for first request" and "waiting for first window" mean no data yet, which is not a breach.`,
    "",
    `Latest finished window of ${formatTableName(driftMetricsTable)} and its profile metrics; thresholds in ${thresholdsTable}.`,
    `The thresholds are managed as code (${names.managedIn}): change them there, not in the table.`,
  ].join("\n");
}
