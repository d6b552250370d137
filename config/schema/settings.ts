import { z } from "zod";
import { COMPARATORS, DRIFT_STATISTIC_NAMES } from "../../core/drift-statistics";
import { principal } from "./governance";
import { email, identifier, schedule, threeLevelName } from "./primitives";
import {
  ALERT_QUERY_FORMS,
  CUSTOM_METRIC_TYPES,
  DRIFT_TYPES,
  GRANULARITIES,
  MODEL_ID_SOURCES,
  SEVERITIES,
  WORKLOAD_SIZES,
  WORKLOAD_TYPES,
} from "../../core/enums";

/**
 * Settings that templates, model files and stacks may all give; later layers override earlier
 * ones (template < model < stack < stack per-model override).
 */

export const servingSettings = z
  .object({
    workloadSize: z
      .enum(WORKLOAD_SIZES)
      .optional()
      .describe("Concurrency tier of each served entity"),
    workloadType: z.enum(WORKLOAD_TYPES).optional().describe("Compute type (CPU default)"),
    minProvisionedConcurrency: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Instead of workloadSize: lower bound of provisioned concurrency (multiple of 4)"),
    maxProvisionedConcurrency: z
      .number()
      .int()
      .min(4)
      .optional()
      .describe("Instead of workloadSize: upper bound of provisioned concurrency (multiple of 4)"),
    scaleToZero: z
      .boolean()
      .optional()
      .describe("Scale served entities to zero when idle (not allowed in prod)"),
    queryGroups: z
      .array(principal)
      .optional()
      .describe("Workspace groups granted CAN_QUERY on the endpoint"),
    tags: z.record(z.string().min(1), z.string()).optional().describe("Endpoint tags"),
    timeoutMinutes: z
      .number()
      .int()
      .min(10)
      .max(240)
      .optional()
      .describe("Create/update timeout for the endpoint (endpoints take ~30 min to provision)"),
  })
  .strict();

export const customMetric = z
  .object({
    type: z.enum(CUSTOM_METRIC_TYPES),
    name: identifier,
    inputColumns: z
      .array(z.string().min(1))
      .min(1)
      .describe('Columns the metric reads; [":table"] for several'),
    definition: z.string().min(1).describe("Jinja SQL template of the metric"),
    outputDataType: z.string().min(1).describe('Spark type of the result, e.g. "double"'),
  })
  .strict();

export const monitorSettings = z
  .object({
    granularities: z
      .array(z.enum(GRANULARITIES))
      .min(1)
      .optional()
      .describe("Time windows the monitor aggregates"),
    slicingExprs: z
      .array(z.string().min(1))
      .optional()
      .describe("SQL expressions to slice metrics by"),
    baselineTable: threeLevelName
      .optional()
      .describe("Table with the same columns, for BASELINE drift"),
    customMetrics: z.array(customMetric).optional(),
    schedule: schedule
      .optional()
      .describe("Refresh schedule; defaults to the stack's schedules.monitor"),
    failureEmails: z.array(email).max(5, "at most 5 failure-notification emails").optional(),
    skipBuiltinDashboard: z.boolean().optional(),
  })
  .strict();

export const thresholdFields = {
  statistic: z.enum(DRIFT_STATISTIC_NAMES).describe("Column of the drift metrics table"),
  driftType: z.enum(DRIFT_TYPES).optional().describe("CONSECUTIVE (default) or BASELINE"),
  comparator: z.enum(COMPARATORS).optional().describe("Breach when `value <comparator> threshold`"),
  value: z.number().describe("Threshold value"),
  severity: z.enum(SEVERITIES),
};

export const threshold = z
  .object({
    column: z.string().min(1).describe("A feature or the prediction column"),
    ...thresholdFields,
    disabled: z.boolean().optional().describe("Drop a threshold inherited from an earlier layer"),
  })
  .strict();

const thresholdDefault = z.object(thresholdFields).strict();

export const thresholdDefaults = z
  .object({
    numeric: z.array(thresholdDefault).optional().describe("Applied to every numeric feature"),
    categorical: z
      .array(thresholdDefault)
      .optional()
      .describe("Applied to every categorical feature"),
    prediction: z.array(thresholdDefault).optional().describe("Applied to the prediction column"),
  })
  .strict();

export const dataQualitySettings = z
  .object({
    maxNullRate: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Breach when a feature's null share exceeds this"),
    minRowCountRatio: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Breach when a window has fewer rows than this share of the previous window"),
    maxStalenessHours: z
      .number()
      .positive()
      .optional()
      .describe("Breach when the newest row is older than this"),
    maxMetricsAgeHours: z
      .number()
      .positive()
      .optional()
      .describe(
        "Breach when the monitor's newest finished window ended longer ago than this (failed or stopped refreshes); off when unset",
      ),
    severity: z.enum(SEVERITIES).optional(),
  })
  .strict();

export const alertingSettings = z
  .object({
    recipients: z.array(email).optional().describe("Who is notified when an alert triggers"),
    notifyOnOk: z.boolean().optional().describe("Also notify when an alert returns to OK"),
    retriggerMinutes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Re-notify while still triggered; 0 = once"),
    adoptThresholds: z
      .boolean()
      .optional()
      .describe(
        "Take over this model's rows already in the thresholds table (written by hand or left by a lost state) instead of failing; the next update makes them match",
      ),
    queryForm: z
      .enum(ALERT_QUERY_FORMS)
      .optional()
      .describe(
        "What each AlertV2 holds: script (default; a SQL script that reads the monitor's metric tables once they exist and says 'waiting' until then; needs a warehouse that runs SQL scripting) or statement (one SELECT; its evaluations end in ERROR until the monitor's first refresh writes the metric tables)",
      ),
  })
  .strict();

export const inferenceSettings = z
  .object({
    tablePrefix: identifier
      .optional()
      .describe("Prefix of the Databricks-created <prefix>_payload table"),
    lateArrivalHours: z
      .number()
      .int()
      .min(0)
      .max(168)
      .optional()
      .describe(
        "How far behind the newest processed row the refresh re-scans for late payload rows",
      ),
    modelIdSource: z
      .enum(MODEL_ID_SOURCES)
      .optional()
      .describe(
        "Where the processed table's model id comes from: served_entity_id (default, the payload row's own id) or system_table (entity_name/entity_version from system.serving.served_entities; the processing job's principal needs SELECT on it)",
      ),
    adoptProcessedTable: z
      .boolean()
      .optional()
      .describe(
        "The processed table exists already (a lost or new state, or a retained table): import it with its data instead of refusing to create over it",
      ),
  })
  .strict();
