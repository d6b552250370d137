import { payloadTableName, processedTableName } from "../../core/tables";
import type { ModelSpec, ScheduleSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import { modelWithDefaults, type StackWithDefaults } from "../schema/defaults";
import type { ModelFile } from "../schema/model";
import { STACK_NAMESPACE, type StackSettings } from "../schema/stack";
import type { TemplateFile } from "../schema/template";
import { resolveColumns } from "./columns";
import { resolveGovernance } from "./governance";
import { type Layer, type LayerValue, mergeLayers, originOf } from "./layers";
import { resolveMonitor } from "./monitor";
import { resolveRetention } from "./retention";
import { resolveEndpoint } from "./serving";
import { resolveThresholds } from "./thresholds";

/**
 * One model in one stack: its layers (template < model file < stack < the stack's per-model
 * override) merged, parsed once with the defaults (schema/defaults.ts), then each section
 * resolved and checked. Every problem names its file and key path.
 */

export interface ResolveInput {
  name: string;
  stack: string;
  template: { file: string; value: TemplateFile };
  model: { file: string; value: ModelFile };
  /** The stack file as written (its layers) and with its defaults (stack-level values). */
  stackSettings: { file: string; value: StackSettings; withDefaults: StackWithDefaults };
}

/**
 * `failureEmails`, `schedules.monitor` (with the stack's time zone and pause switch) and `tags`
 * as the model-level keys they set: `monitor.failureEmails`, `monitor.schedule`,
 * `serving.tags`. Only what the stack file states: built-in defaults stay below the model.
 */
function stackWideModelKeys(settings: StackSettings): LayerValue {
  const schedules = settings.schedules ?? {};
  const schedule = {
    ...(schedules.monitor === undefined ? {} : { cron: schedules.monitor }),
    ...(schedules.timezone === undefined ? {} : { timezone: schedules.timezone }),
    ...(schedules.paused === undefined ? {} : { paused: schedules.paused }),
  };
  // An empty list is Pulumi.yaml's default for the key: no stack-wide emails, keep the model's.
  const emails = settings.failureEmails ?? [];
  const monitor = {
    ...(emails.length === 0 ? {} : { failureEmails: emails }),
    ...(Object.keys(schedule).length === 0 ? {} : { schedule }),
  };
  return {
    ...(Object.keys(monitor).length === 0 ? {} : { monitor }),
    ...(settings.tags === undefined ? {} : { serving: { tags: settings.tags } }),
  };
}

/** The layers of one model, lowest first; the last is the stack's per-model override. */
function layersOf(input: ResolveInput): { layers: Layer[]; perModel: Layer } {
  const { name, template, model, stackSettings } = input;
  const settings = stackSettings.value;
  // Retention is not a layered model setting: resolve/retention.ts reads it from the stack.
  const { enabled: _enabled, retention: _retention, ...override } = settings.models?.[name] ?? {};
  const { serving, inference, monitor, dataQuality, alerting, governance } = settings;
  const stackSections: LayerValue = {
    serving,
    inference,
    monitor,
    dataQuality,
    alerting,
    governance,
  };
  const perModel = {
    file: stackSettings.file,
    prefix: `${STACK_NAMESPACE}models.${name}`,
    value: override,
  };
  const layers = [
    { file: template.file, prefix: "", value: template.value },
    { file: model.file, prefix: "", value: model.value },
    // The stack's top-level keys that also exist per model: stack beats model, as any stack
    // setting does (a model's own failure emails must not outrank prod's on-call).
    { file: stackSettings.file, prefix: STACK_NAMESPACE, value: stackWideModelKeys(settings) },
    { file: stackSettings.file, prefix: STACK_NAMESPACE, value: withoutUndefined(stackSections) },
    perModel,
  ];
  return { layers, perModel };
}

function withoutUndefined(value: LayerValue): LayerValue {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

export function resolveModel(input: ResolveInput): {
  spec?: ModelSpec;
  problems: ConfigProblem[];
  /** The merged layers, lowest first (the plan explains where each value came from). */
  layers?: Layer[];
} {
  const { name, stack, template, model, stackSettings } = input;
  const stackValues = stackSettings.withDefaults;
  const environment = stackValues.environment;
  const { layers, perModel } = layersOf(input);
  const [catalogOfModel = ""] = model.value.registeredModel.split(".");
  const parsed = modelWithDefaults({
    name,
    stack,
    environment,
    schedules: stackValues.schedules,
    registeredModelCatalog: catalogOfModel,
    ...(model.value.description === undefined ? {} : { description: model.value.description }),
  }).safeParse(mergeLayers(layers, ["thresholds", "thresholdDefaults"]));
  if (!parsed.success) {
    // Each layer was valid on its own; a merge of valid layers that is not is a bug to report.
    return {
      problems: parsed.error.issues.map((issue) => ({
        ...originOf(layers, issue.path),
        message: issue.message,
      })),
    };
  }
  const settings = parsed.data;

  const columns = resolveColumns(settings, model.file);
  const serving = resolveEndpoint(settings, environment, layers);
  const monitor = resolveMonitor(
    settings.monitor,
    {
      outputSchema: { catalog: stackValues.catalog, schema: stackValues.monitoringSchema },
      assetsDir: `${stackValues.assetsRoot}/${name}`,
    },
    layers,
  );
  const thresholds = resolveThresholds(layers, {
    modelFile: model.file,
    features: columns.columns.features,
    prediction: columns.columns.prediction,
    hasBaseline: settings.monitor.baselineTable !== undefined,
  });
  const governed = resolveGovernance(settings.governance, layers, {
    modelName: name,
    registeredModel: model.value.registeredModel,
    perModelLayer: perModel,
  });
  const retention = resolveRetention({
    name,
    stackFile: stackSettings.file,
    stack: stackValues.retention,
    override: stackSettings.value.models?.[name]?.retention,
    schedules: stackValues.schedules,
    fallbackFailureEmails: monitor.monitor.failureEmails,
    granularities: monitor.monitor.granularities,
    lateArrivalHours: settings.inference.lateArrivalHours,
    ...(columns.columns.labels === undefined
      ? {}
      : { labelLookbackDays: columns.columns.labels.lookbackDays }),
  });
  const problems = [
    ...columns.problems,
    ...serving.problems,
    ...monitor.problems,
    ...thresholds.problems,
    ...alertingProblems(settings.alerting, layers),
    ...governed.problems,
    ...retention.problems,
  ];
  // The spec is built even with problems: the checks across models need it (load-project.ts),
  // and the loader never returns a project that has any problem.

  const inferenceSchema = { catalog: stackValues.catalog, schema: stackValues.inferenceSchema };
  const prefix = settings.inference.tablePrefix;
  const schedules = stackValues.schedules;
  const stackSchedule = (cron: string): ScheduleSpec => ({
    cron,
    timezone: schedules.timezone,
    paused: schedules.paused,
  });
  const spec: ModelSpec = {
    name,
    stack,
    environment,
    template: model.value.template,
    monitorProblemType: template.value.monitorProblemType,
    registeredModel: governed.registeredModel,
    warehouseId: stackValues.warehouseId,
    endpoint: { ...serving.endpoint, tags: { ...stackValues.tags, ...serving.endpoint.tags } },
    inference: {
      tablePrefix: prefix,
      payloadTable: payloadTableName(inferenceSchema, prefix),
      processedTable: processedTableName(inferenceSchema, prefix),
      lateArrivalHours: settings.inference.lateArrivalHours,
      modelIdSource: settings.inference.modelIdSource,
      schedule: stackSchedule(schedules.processing),
      adoptProcessedTable: settings.inference.adoptProcessedTable,
    },
    features: columns.columns.features,
    prediction: columns.columns.prediction,
    idColumn: columns.columns.idColumn,
    monitor: monitor.monitor,
    thresholds: thresholds.thresholds,
    dataQuality: settings.dataQuality,
    alerting: {
      recipients: settings.alerting.recipients,
      notifyOnOk: settings.alerting.notifyOnOk,
      retriggerMinutes: settings.alerting.retriggerMinutes,
      adoptThresholds: settings.alerting.adoptThresholds,
      queryForm: settings.alerting.queryForm,
      schedule: stackSchedule(schedules.alerts),
    },
    governance: governed.governance,
    retention: retention.retention,
    protectData: stackValues.protectData,
    sources: { template: template.file, model: model.file, stack: stackSettings.file },
  };
  if (model.value.description !== undefined) spec.description = model.value.description;
  if (template.value.note !== undefined) spec.templateNote = template.value.note;
  if (columns.columns.label) spec.label = columns.columns.label;
  if (columns.columns.labels) spec.labels = columns.columns.labels;
  return { spec, problems, layers };
}

/** An alert nobody receives is silent. */
function alertingProblems(
  alerting: { recipients: readonly string[] },
  layers: readonly Layer[],
): ConfigProblem[] {
  if (alerting.recipients.length > 0) return [];
  return [
    {
      ...originOf(layers, ["alerting", "recipients"]),
      message: "at least one alert recipient is required (an alert nobody receives is silent)",
    },
  ];
}
