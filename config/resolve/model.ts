import type { LabelsJoin } from "../../core/types";
import { parseTableName } from "../../core/names";
import { FIXED_COLUMN_NAMES } from "../../core/columns";
import { type Layer, mergeLayers, originOf } from "./layers";
import { resolveGovernance } from "./governance";
import type { FeatureSpec, ModelSpec, ScheduleSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { ModelFile } from "../schema/model";
import type { StackSettings } from "../schema/stack";
import type { TemplateFile } from "../schema/template";
import { resolveServedEntities } from "./served-entities";
import { resolveThresholds } from "./thresholds";
import { DEFAULT_MODEL_ID_SOURCE, type ModelIdSource } from "../../core/enums";

/** Defaults that no layer gave; chosen so that dev is cheap and prod is safe. */
const DEFAULTS = {
  monitorCron: "0 0 6 * * ?",
  processingCron: "0 0 * * * ?",
  alertsCron: "0 30 6 * * ?",
  timezone: "UTC",
  lateArrivalHours: 6,
  labelsLookbackDays: 30,
  timeoutMinutes: 60,
  dataQuality: {
    maxNullRate: 0.1,
    minRowCountRatio: 0.5,
    maxStalenessHours: 24,
    severity: "warning" as const,
  },
};

export interface ResolveInput {
  name: string;
  stack: string;
  template: { file: string; value: TemplateFile };
  model: { file: string; value: ModelFile };
  stackSettings: { file: string; value: StackSettings };
}

type Settings = Record<string, Record<string, unknown> | undefined>;

/**
 * `failureEmails`, `schedules.monitor` (with the stack's time zone and pause switch) and `tags`
 * as the model-level keys they set: `monitor.failureEmails`, `monitor.schedule`,
 * `serving.tags`. Only what the stack file states: built-in defaults stay below the model.
 */
function stackWideModelKeys(settings: StackSettings): Record<string, unknown> {
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

export function resolveModel(input: ResolveInput): { spec?: ModelSpec; problems: ConfigProblem[] } {
  const { name, stack, template, model, stackSettings } = input;
  const settings = stackSettings.value;
  const stackPrefix = "model-monitoring:";
  const override = settings.models?.[name] ?? {};
  const { enabled: _enabled, ...overrideValue } = override;
  const layers: Layer[] = [
    { file: template.file, prefix: "", value: template.value as Record<string, unknown> },
    { file: model.file, prefix: "", value: model.value as Record<string, unknown> },
    // The stack's top-level keys that also exist per model: stack beats model, as any stack
    // setting does (a model's own failure emails must not outrank prod's on-call).
    { file: stackSettings.file, prefix: stackPrefix, value: stackWideModelKeys(settings) },
    {
      file: stackSettings.file,
      prefix: stackPrefix,
      value: pick(settings as Record<string, unknown>, [
        "serving",
        "inference",
        "monitor",
        "dataQuality",
        "alerting",
        "governance",
      ]),
    },
    { file: stackSettings.file, prefix: `${stackPrefix}models.${name}`, value: overrideValue },
  ];
  const merged = mergeLayers(layers, ["thresholds", "thresholdDefaults"]) as Settings &
    Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ ...originOf(layers, path), message });
  const modelProblem = (path: string, message: string) =>
    problems.push({ file: model.file, path, message });

  const environment = settings.environment;
  const serving = merged.serving ?? {};
  const monitor = merged.monitor ?? {};
  const inference = merged.inference ?? {};
  const alerting = merged.alerting ?? {};
  const schedules = settings.schedules ?? {};
  const timezone = schedules.timezone ?? DEFAULTS.timezone;
  const paused = schedules.paused ?? environment === "dev";
  const scheduleOf = (raw: unknown, fallbackCron: string): ScheduleSpec => {
    const s = (raw ?? {}) as { cron?: string; timezone?: string; paused?: boolean };
    return {
      cron: s.cron ?? fallbackCron,
      timezone: s.timezone ?? timezone,
      paused: s.paused ?? paused,
    };
  };

  // Columns
  const toFeature = (c: {
    name: string;
    type: FeatureSpec["type"];
    categorical?: boolean;
    comment?: string;
  }) => {
    const feature: FeatureSpec = {
      name: c.name,
      type: c.type,
      categorical: c.categorical ?? false,
    };
    if (c.comment !== undefined) feature.comment = c.comment;
    return feature;
  };
  const features = model.value.features.map(toFeature);
  const prediction = toFeature(model.value.prediction);
  const label = model.value.label ? toFeature(model.value.label) : undefined;
  const seen = new Map<string, string>();
  const claim = (columnName: string, path: string) => {
    const lower = columnName.toLowerCase();
    if ((FIXED_COLUMN_NAMES as readonly string[]).includes(lower)) {
      modelProblem(
        path,
        `"${columnName}" is a column the processed table adds itself; reserved: ${FIXED_COLUMN_NAMES.join(", ")}`,
      );
    } else if (seen.has(lower)) {
      modelProblem(
        path,
        `duplicate column name "${columnName}" (also at ${seen.get(lower)}); column names are case-insensitive`,
      );
    } else seen.set(lower, path);
  };
  features.forEach((f, i) => claim(f.name, `features[${i}].name`));
  claim(prediction.name, "prediction.name");
  if (label) claim(label.name, "label.name");

  const idColumn = model.value.idColumn ?? "client_request_id";
  if (idColumn !== "client_request_id" && !features.some((f) => f.name === idColumn)) {
    modelProblem("idColumn", `must be client_request_id or a feature name; got "${idColumn}"`);
  }
  let labels: LabelsJoin | undefined;
  if (model.value.labels && !label)
    modelProblem("label", "labels is set, so label (the label column) is required");
  if (label && !model.value.labels)
    modelProblem("labels", "label is set, so labels (where labels come from) is required");
  if (model.value.labels && label) {
    const table = parseTableName(model.value.labels.table);
    labels = {
      table,
      keyColumn: model.value.labels.keyColumn,
      requestKey: idColumn,
      labelColumn: model.value.labels.labelColumn,
      lookbackDays: model.value.labels.lookbackDays ?? DEFAULTS.labelsLookbackDays,
    };
  }

  // Serving
  const { entities, problems: servedProblems } = resolveServedEntities(merged, layers);
  problems.push(...servedProblems);
  const scaleToZero = (serving.scaleToZero as boolean | undefined) ?? environment !== "prod";
  if (environment === "prod" && scaleToZero) {
    problem(
      ["serving", "scaleToZero"],
      "prod endpoints may not scale to zero (cold starts page on-call); set false",
    );
  }
  const minConcurrency = serving.minProvisionedConcurrency as number | undefined;
  const maxConcurrency = serving.maxProvisionedConcurrency as number | undefined;
  const workloadSize = serving.workloadSize as ModelSpec["endpoint"]["workloadSize"];
  if (
    workloadSize !== undefined &&
    (minConcurrency !== undefined || maxConcurrency !== undefined)
  ) {
    problem(
      ["serving", "workloadSize"],
      "give workloadSize or min/maxProvisionedConcurrency, not both",
    );
  }
  if ((minConcurrency === undefined) !== (maxConcurrency === undefined)) {
    problem(
      [
        "serving",
        minConcurrency === undefined ? "maxProvisionedConcurrency" : "minProvisionedConcurrency",
      ],
      "give both minProvisionedConcurrency and maxProvisionedConcurrency",
    );
  }
  if (
    minConcurrency !== undefined &&
    maxConcurrency !== undefined &&
    minConcurrency > maxConcurrency
  ) {
    problem(
      ["serving", "minProvisionedConcurrency"],
      `must not exceed maxProvisionedConcurrency (${maxConcurrency})`,
    );
  }

  // Monitor
  const granularities = (monitor.granularities as string[] | undefined) ?? ["1 day"];
  const duplicateGranularity = granularities.find((g, i) => granularities.indexOf(g) !== i);
  if (duplicateGranularity)
    problem(["monitor", "granularities"], `duplicate granularity "${duplicateGranularity}"`);
  const slicingExprs = (monitor.slicingExprs as string[] | undefined) ?? [];
  slicingExprs.forEach((expr, i) => {
    if (/;|--|\/\*/.test(expr))
      problem(["monitor", "slicingExprs", i], "may not contain ; or SQL comments");
  });
  const baselineTable = monitor.baselineTable as string | undefined;

  const { thresholds, problems: thresholdProblems } = resolveThresholds(layers, {
    features,
    prediction,
    hasBaseline: baselineTable !== undefined,
  });
  problems.push(...thresholdProblems);

  const recipients = (alerting.recipients as string[] | undefined) ?? [];
  if (recipients.length === 0) {
    problem(
      ["alerting", "recipients"],
      "at least one alert recipient is required (an alert nobody receives is silent)",
    );
  }

  const prefix = (inference.tablePrefix as string | undefined) ?? name.replace(/-/g, "_");
  const assetsRoot = settings.assetsRoot ?? `/Workspace/Shared/model-monitoring/${stack}`;
  const dataQuality = {
    ...DEFAULTS.dataQuality,
    ...(merged.dataQuality ?? {}),
  } as ModelSpec["dataQuality"];

  const governed = resolveGovernance(merged, layers, {
    modelName: name,
    stack,
    registeredModel: model.value.registeredModel,
    description: model.value.description,
    perModelLayer: layers[layers.length - 1] as Layer,
  });
  problems.push(...governed.problems);

  if (problems.length > 0) return { problems };
  const spec: ModelSpec = {
    name,
    stack,
    environment,
    template: model.value.template,
    monitorProblemType: template.value.monitorProblemType,
    registeredModel: governed.registeredModel,
    warehouseId: settings.warehouseId,
    endpoint: {
      name: model.value.endpointName ?? `${name}-${environment}`,
      servedEntities: entities,
      workloadType: (serving.workloadType as string | undefined) ?? "CPU",
      scaleToZero,
      queryGroups: (serving.queryGroups as string[] | undefined) ?? [],
      tags: {
        ...(settings.tags ?? {}),
        ...((serving.tags as Record<string, string> | undefined) ?? {}),
      },
      timeoutMinutes: (serving.timeoutMinutes as number | undefined) ?? DEFAULTS.timeoutMinutes,
    },
    inference: {
      tablePrefix: prefix,
      payloadTable: {
        catalog: settings.catalog,
        schema: settings.inferenceSchema,
        table: `${prefix}_payload`,
      },
      processedTable: {
        catalog: settings.catalog,
        schema: settings.inferenceSchema,
        table: `${prefix}_processed`,
      },
      lateArrivalHours:
        (inference.lateArrivalHours as number | undefined) ?? DEFAULTS.lateArrivalHours,
      modelIdSource:
        (inference.modelIdSource as ModelIdSource | undefined) ?? DEFAULT_MODEL_ID_SOURCE,
      schedule: scheduleOf({ cron: schedules.processing }, DEFAULTS.processingCron),
      adoptProcessedTable: (inference.adoptProcessedTable as boolean | undefined) ?? false,
    },
    features,
    prediction,
    idColumn,
    monitor: {
      outputSchema: { catalog: settings.catalog, schema: settings.monitoringSchema },
      assetsDir: `${assetsRoot}/${name}`,
      granularities,
      slicingExprs,
      customMetrics:
        (monitor.customMetrics as ModelSpec["monitor"]["customMetrics"] | undefined) ?? [],
      schedule: scheduleOf(monitor.schedule, DEFAULTS.monitorCron),
      // The stack's failureEmails arrive through stackWideModelKeys.
      failureEmails: (monitor.failureEmails as string[] | undefined) ?? [],
      skipBuiltinDashboard: (monitor.skipBuiltinDashboard as boolean | undefined) ?? false,
    },
    thresholds,
    dataQuality,
    alerting: {
      recipients,
      notifyOnOk: (alerting.notifyOnOk as boolean | undefined) ?? false,
      retriggerMinutes: (alerting.retriggerMinutes as number | undefined) ?? 0,
      adoptThresholds: (alerting.adoptThresholds as boolean | undefined) ?? false,
      schedule: scheduleOf({ cron: schedules.alerts }, DEFAULTS.alertsCron),
    },
    governance: governed.governance,
    protectData: settings.protectData ?? environment === "prod",
    sources: { template: template.file, model: model.file, stack: stackSettings.file },
  };
  if (workloadSize !== undefined) spec.endpoint.workloadSize = workloadSize;
  else if (minConcurrency !== undefined && maxConcurrency !== undefined) {
    spec.endpoint.minProvisionedConcurrency = minConcurrency;
    spec.endpoint.maxProvisionedConcurrency = maxConcurrency;
  } else spec.endpoint.workloadSize = "Small";
  if (model.value.description !== undefined) spec.description = model.value.description;
  if (template.value.note !== undefined) spec.templateNote = template.value.note;
  if (label) spec.label = label;
  if (labels) spec.labels = labels;
  if (baselineTable) spec.monitor.baselineTable = baselineTable;
  return { spec, problems };
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) if (source[key] !== undefined) result[key] = source[key];
  return result;
}
