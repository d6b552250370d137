import { z } from "zod";
import type { ThresholdSpec } from "../../core/alert-spec";
import { BUILT_IN, DATA_QUALITY_DEFAULTS } from "../../core/defaults";
import { DRIFT_STATISTICS } from "../../core/drift-statistics";
import {
  DEFAULT_ALERT_QUERY_FORM,
  DEFAULT_DRIFT_TYPE,
  DEFAULT_MODEL_ID_SOURCE,
  type Environment,
} from "../../core/enums";
import { defaultTablePrefix } from "../../core/tables";
import { experimentSettings, governanceSettings, registeredModelSettings } from "./governance";
import { column, labelsTable, modelFile, modelOverridable } from "./model";
import { quartzCron, timezone } from "./primitives";
import {
  alertingSettings,
  dataQualitySettings,
  inferenceSettings,
  monitorSettings,
  servingSettings,
  threshold,
} from "./settings";
import { stackRetentionWithDefaults } from "./retention";
import { stackSettings } from "./stack";

/**
 * The defaults: what a model gets where no layer (template < model file < stack < per-model
 * override) gives a value, chosen so that dev is cheap and prod is safe. The layer schemas say
 * only what a file may state and have no defaults, so a default never outranks a layer. The
 * stack's settings are parsed with `stackWithDefaults`, a model's merged layers with
 * `modelWithDefaults`, each once, into types where nothing that has a default is optional.
 * Some defaults depend on the stack, its environment or the model: hence functions.
 */

export const DEFAULT_CRONS = {
  monitor: "0 0 6 * * ?",
  processing: "0 0 * * * ?",
  alerts: "0 30 6 * * ?",
} as const;

/** The stack's settings with their defaults (schedules, protection, folders). */
export function stackWithDefaults(stack: string, environment: Environment) {
  const stackKeys = stackSettings.shape;
  const schedules = stackKeys.schedules.unwrap();
  const schedule = schedules.shape;
  return stackSettings.extend({
    assetsRoot: stackKeys.assetsRoot.default(`/Workspace/Shared/model-monitoring/${stack}`),
    protectData: stackKeys.protectData.default(environment === "prod"),
    tags: stackKeys.tags.default({}),
    // Pulumi.yaml's default for the key: no stack-wide emails, each model keeps its own.
    failureEmails: stackKeys.failureEmails.default([]),
    retention: stackRetentionWithDefaults,
    schedules: schedules
      .extend({
        timezone: schedule.timezone.default(BUILT_IN.timezone),
        paused: schedule.paused.default(environment === "dev"),
        monitor: schedule.monitor.default(DEFAULT_CRONS.monitor),
        processing: schedule.processing.default(DEFAULT_CRONS.processing),
        alerts: schedule.alerts.default(DEFAULT_CRONS.alerts),
      })
      .prefault({}),
  });
}

export type StackWithDefaults = z.output<ReturnType<typeof stackWithDefaults>>;

/** What the defaults of every model of a stack depend on. */
export interface StackContext {
  stack: string;
  environment: Environment;
  /** The stack's schedules (with their defaults): a monitor schedule falls back to them. */
  schedules: StackWithDefaults["schedules"];
}

/** What one model's own defaults depend on. */
export interface ModelDefaultsContext extends StackContext {
  name: string;
  /** The catalog of the model file's registered model. */
  registeredModelCatalog: string;
  /** The model file's description: the registered model's comment unless one is given. */
  description?: string;
}

/**
 * A model's merged layers with their defaults. Keys only a template or a model file has and that
 * take no default (template, registeredModel, ...) are not parsed here: they come from their file.
 * The defaults that name the model are filled in last, so one schema serves a whole stack.
 */
export function modelWithDefaults(context: ModelDefaultsContext) {
  const { name, environment, registeredModelCatalog, description } = context;
  return stackModelSettings(context).transform((settings) => {
    const registered = settings.governance.registeredModel;
    return {
      ...settings,
      endpointName: settings.endpointName ?? `${name}-${environment}`,
      inference: {
        ...settings.inference,
        tablePrefix: settings.inference.tablePrefix ?? defaultTablePrefix(name),
      },
      governance: {
        ...settings.governance,
        registeredModel: {
          ...registered,
          catalog: registered.catalog ?? registeredModelCatalog,
          comment: registered.comment ?? description,
        },
      },
    };
  });
}

/** Built once per stack (constructing zod schemas costs more than parsing with them). */
const stackSchemas = new Map<string, ReturnType<typeof buildStackModelSettings>>();

function stackModelSettings(context: StackContext) {
  const key = JSON.stringify([context.stack, context.environment, context.schedules]);
  let schema = stackSchemas.get(key);
  if (schema === undefined) {
    schema = buildStackModelSettings(context);
    stackSchemas.set(key, schema);
  }
  return schema;
}

/** The defaults that are the same for every model of a stack. */
function buildStackModelSettings(context: StackContext) {
  const { schedules } = context;
  const serving = servingSettings.shape;
  const inference = inferenceSettings.shape;
  const monitor = monitorSettings.shape;
  const quality = dataQualitySettings.shape;
  const alerting = alertingSettings.shape;
  const registered = registeredModelSettings.shape;
  const experiment = experimentSettings.shape;
  const monitorSchedule = z
    .object({
      cron: quartzCron.default(schedules.monitor),
      timezone: timezone.default(schedules.timezone),
      paused: z.boolean().default(schedules.paused),
    })
    .strict();
  const columnWithDefaults = column.extend({
    categorical: column.shape.categorical.default(false),
  });
  return z.object({
    endpointName: modelFile.shape.endpointName,
    features: z.array(columnWithDefaults),
    prediction: columnWithDefaults,
    label: columnWithDefaults.optional(),
    idColumn: modelFile.shape.idColumn.default("client_request_id"),
    labels: labelsTable
      .extend({ lookbackDays: labelsTable.shape.lookbackDays.default(30) })
      .optional(),
    version: modelOverridable.version,
    alias: modelOverridable.alias,
    served: modelOverridable.served,
    serving: servingSettings
      .extend({
        workloadType: serving.workloadType.default(BUILT_IN.workloadType),
        // Prod endpoints never scale to zero: cold starts would page on-call.
        scaleToZero: serving.scaleToZero.default(context.environment !== "prod"),
        queryGroups: serving.queryGroups.default([]),
        tags: serving.tags.default({}),
        timeoutMinutes: serving.timeoutMinutes.default(BUILT_IN.endpointTimeoutMinutes),
      })
      .prefault({}),
    inference: inferenceSettings
      .extend({
        lateArrivalHours: inference.lateArrivalHours.default(BUILT_IN.lateArrivalHours),
        modelIdSource: inference.modelIdSource.default(DEFAULT_MODEL_ID_SOURCE),
        adoptProcessedTable: inference.adoptProcessedTable.default(false),
      })
      .prefault({}),
    monitor: monitorSettings
      .extend({
        granularities: monitor.granularities.default([...BUILT_IN.granularities]),
        slicingExprs: monitor.slicingExprs.default([]),
        customMetrics: monitor.customMetrics.default([]),
        schedule: monitorSchedule.prefault({}),
        failureEmails: monitor.failureEmails.default([]),
        skipBuiltinDashboard: monitor.skipBuiltinDashboard.default(false),
      })
      .prefault({}),
    dataQuality: dataQualitySettings
      .extend({
        maxNullRate: quality.maxNullRate.default(DATA_QUALITY_DEFAULTS.maxNullRate),
        minRowCountRatio: quality.minRowCountRatio.default(DATA_QUALITY_DEFAULTS.minRowCountRatio),
        maxStalenessHours: quality.maxStalenessHours.default(
          DATA_QUALITY_DEFAULTS.maxStalenessHours,
        ),
        severity: quality.severity.default(DATA_QUALITY_DEFAULTS.severity),
      })
      .prefault({}),
    alerting: alertingSettings
      .extend({
        recipients: alerting.recipients.default([]),
        notifyOnOk: alerting.notifyOnOk.default(false),
        retriggerMinutes: alerting.retriggerMinutes.default(0),
        adoptThresholds: alerting.adoptThresholds.default(false),
        queryForm: alerting.queryForm.default(DEFAULT_ALERT_QUERY_FORM),
      })
      .prefault({}),
    governance: governanceSettings
      .extend({
        registeredModel: registeredModelSettings
          .extend({
            manage: registered.manage.default(true),
            // Taking over what this project did not create is opted into, never a default.
            adopt: registered.adopt.default(false),
            authoritativeGrants: registered.authoritativeGrants.default(false),
            grants: registered.grants.default({}),
          })
          .prefault({}),
        experiment: experimentSettings
          .extend({
            root: experiment.root.default(`/Shared/model-monitoring/${context.stack}/experiments`),
            permissions: experiment.permissions.default({}),
          })
          .prefault({}),
      })
      .prefault({}),
  });
}

export type ModelWithDefaults = z.output<ReturnType<typeof modelWithDefaults>>;

/**
 * A threshold with its defaults: CONSECUTIVE drift unless said, and the comparator under which
 * its statistic breaches (core/drift-statistics.ts) unless one is given. Per-kind defaults
 * (`thresholdDefaults`) are parsed with the column they are applied to.
 */
export const thresholdWithDefaults = threshold
  .extend({ driftType: threshold.shape.driftType.default(DEFAULT_DRIFT_TYPE) })
  .transform((t): ThresholdSpec => ({
    column: t.column,
    statistic: t.statistic,
    driftType: t.driftType,
    comparator: t.comparator ?? DRIFT_STATISTICS[t.statistic].defaultComparator,
    value: t.value,
    severity: t.severity,
  }));
