import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { DriftThresholds } from "../dynamic-providers/drift-thresholds";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
  alertQueryParameters,
  alertQuerySql,
} from "../sql/alert-queries";
import { formatTableName } from "../core/names";
import { alertQueryTables, alertSeverities, thresholdRowsOf } from "../core/alert-spec";
import { dataResourceOptions, pauseStatus } from "./options";
import type { Severity } from "../core/enums";
import { COMPONENT_TYPES } from "../core/type-tokens";

export interface DriftAlertsArgs {
  spec: ModelSpec;
  /**
   * What must be done first: the monitor's readiness wait (ACTIVE, first refresh followed), so
   * that where a refresh of a table without rows writes the metric tables they exist before the
   * first evaluation. Nothing waits for traffic: see sql/alert-queries.ts for "no data yet".
   */
  after: pulumi.Resource[];
  /** Take over threshold rows that already exist in the table (DriftThresholds `adopt`). */
  adoptThresholds?: boolean;
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
    const { spec } = args;
    const rows = thresholdRowsOf(spec);
    const tables = alertQueryTables(spec);
    this.thresholdsTable = formatTableName(tables.thresholdsTable);

    this.thresholds = new DriftThresholds(
      `${name}-thresholds`,
      {
        table: this.thresholdsTable,
        model: spec.name,
        thresholds: rows,
        adopt: args.adoptThresholds ?? false,
      },
      // The rows are data others may have tuned: in prod they survive a destroy.
      { parent: this, dependsOn: args.after, ...dataResourceOptions(spec) },
    );

    this.destination = new databricks.NotificationDestination(
      `${name}-recipients`,
      {
        displayName: `[${spec.stack}] ${spec.name} model monitoring`,
        config: { email: { addresses: spec.alerting.recipients } },
      },
      { parent: this },
    );

    const queryText = alertQuerySql(tables);
    const schedule = spec.alerting.schedule;
    this.alerts = {};
    for (const severity of alertSeverities(rows)) {
      const parameters = alertQueryParameters(spec.name, severity);
      this.alerts[severity] = new databricks.AlertV2(
        `${name}-${severity}`,
        {
          displayName: `[${spec.stack}] ${spec.name} drift and data quality: ${severity}`,
          queryText,
          // Values of the query's :model and :severity markers (the query text has none).
          parameters: Object.entries(parameters).map(([key, value]) => ({
            name: key,
            type: "STRING",
            value,
          })),
          warehouseId: spec.warehouseId,
          evaluation: {
            // No `display`: it renames the column and the condition never matches
            // (terraform-provider-databricks#5766). No aggregation: the first (only) row.
            source: { name: ALERT_VALUE_COLUMN },
            // ">= 1", not "> 0": the count is whole, and a threshold of 0 might not be read
            // back (provider-read-back.ts), which would be a diff after every refresh.
            comparisonOperator: "GREATER_THAN_OR_EQUAL",
            threshold: { value: { doubleValue: 1 } },
            emptyResultState: EMPTY_RESULT_STATE,
            notification: {
              subscriptions: [{ destinationId: this.destination.id }],
              notifyOnOk: spec.alerting.notifyOnOk,
              retriggerSeconds: spec.alerting.retriggerMinutes * 60,
            },
          },
          schedule: {
            quartzCronSchedule: schedule.cron,
            timezoneId: schedule.timezone,
            pauseStatus: pauseStatus(schedule),
          },
          customSummary: alertSummary(spec, severity),
          customDescription: alertDescription(
            spec,
            severity,
            tables.driftMetricsTable,
            this.thresholdsTable,
          ),
        },
        { parent: this, dependsOn: [this.thresholds] },
      );
    }
    this.alertIds = pulumi
      .all(
        Object.entries(this.alerts).map(([severity, alert]) =>
          alert.id.apply((id) => [severity, id] as const),
        ),
      )
      .apply((entries) => Object.fromEntries(entries));
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
export function alertSummary(spec: ModelSpec, severity: Severity): string {
  return `[${spec.stack}] ${spec.name} ${severity}: ${row(`{{${ALERT_DETAIL_COLUMN}}} ({{${ALERT_STATUS_COLUMN}}})`)}`;
}

export function alertDescription(
  spec: ModelSpec,
  severity: Severity,
  driftMetricsTable: { catalog: string; schema: string; table: string },
  thresholdsTable: string,
): string {
  return [
    `{{ALERT_STATUS}}: ${row(`{{${ALERT_VALUE_COLUMN}}}`)} ${severity} threshold(s) of model ${spec.name} (stack ${spec.stack}) in breach.`,
    "",
    row(`{{${ALERT_DETAIL_COLUMN}}}`),
    "",
    `Model status: ${row(`{{${ALERT_STATUS_COLUMN}}}`)}. "waiting for first request" and "waiting for first window" mean no data yet, which is not a breach.`,
    "",
    `Latest finished window of ${formatTableName(driftMetricsTable)} and its profile metrics; thresholds in ${thresholdsTable}.`,
    "The thresholds are managed as code (models/*.yaml and the stack file): change them there, not in the table.",
  ].join("\n");
}
