import { processedTableSpecOf } from "../../core/processed-table-spec";
import type { ModelSpec } from "../../config/model-spec";
import type { ConfigProblem } from "../../config/problems";
import { defineModelsInBatches } from "../../program";
import { createProcessedTableSql, refreshProcessedTableSql } from "../../sql/processed-table";
import { alertQueryTables, alertSeverities, thresholdRowsOf } from "../../core/alert-spec";
import { alertQueryText } from "../../sql/alert-queries";
import { formatTableName } from "../../core/names";
import { createThresholdsTableSql } from "../../sql/thresholds-table";
import { type PolicyReport, evaluatePolicies } from "../../policies/evaluate";
import { evaluateInMockRuntime, settleRegistrations } from "./mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";
import { loadStack } from "./load-stack";
import { COMPONENT_TYPES } from "../../core/type-tokens";
import { takeoverNotes } from "./takeover-notes";
import { type ModelSettings, modelSettings } from "./model-settings";
import type { Layer } from "../../config/resolve/layers";
import { retentionNotes, retentionSql } from "./retention-plan";

/** The offline plan of one stack: what `pulumi up` would declare, or why it cannot. */
export interface StackPlan {
  stack: string;
  ok: boolean;
  problems: ConfigProblem[];
  resources: PlannedResource[];
  models: ModelPlan[];
  summary: PlanSummary;
  /** Guardrail policies over the planned resources; absent when the configuration has problems. */
  policies?: PolicyReport;
}

export interface ModelPlan {
  name: string;
  template: string;
  endpoint: string;
  notes: string[];
  /**
   * Objects and access this model takes over that the project did not create (adopted models,
   * tables, rows, experiments; grants that revoke others'): each opted into by a setting.
   */
  takeovers: string[];
  /** Effective settings with the layer each came from, notes on overrides and renames, thresholds. */
  settings?: ModelSettings;
  /** The stack output `models.<name>` as far as a preview knows it (see ModelLineage). */
  lineage?: Record<string, unknown>;
  sql: { title: string; statement: string }[];
}

export interface PlanSummary {
  models: number;
  resources: number;
  protectedResources: number;
  byType: Record<string, number>;
}

/**
 * Models declared before waiting for their registrations: memory holds one batch's promises
 * (about 90 KB per resource, 24 resources per model), not the whole stack's.
 */
const MODELS_PER_BATCH = 25;

const GET_REGISTERED_MODEL = "databricks:index/getRegisteredModel:getRegisteredModel";

/** Alias lookups cannot run offline: they answer with a marker the plan shows as such. */
export function aliasMarker(alias: string): string {
  return `<alias "${alias}": version resolved at deploy>`;
}

function aliasInvoke(models: ModelSpec[]) {
  return (token: string, inputs: Record<string, unknown>) => {
    if (token !== GET_REGISTERED_MODEL) return undefined;
    const aliases = models
      .filter((m) => m.registeredModel === inputs.fullName)
      .flatMap((m) => m.endpoint.servedEntities.map((e) => e.alias))
      .filter((alias): alias is string => alias !== undefined);
    return {
      fullName: inputs.fullName,
      modelInfos: [{ aliases: aliases.map((a) => ({ aliasName: a, versionNum: aliasMarker(a) })) }],
    };
  };
}

/** Model name -> the lineage its MonitoredModel registered as its output (one pass). */
function lineagesByModel(
  resources: readonly PlannedResource[],
  componentOutputs: Map<string, Record<string, unknown>>,
): Map<string, Record<string, unknown>> {
  const lineages = new Map<string, Record<string, unknown>>();
  for (const r of resources) {
    if (r.type !== COMPONENT_TYPES.MonitoredModel) continue;
    const lineage = componentOutputs.get(r.urn)?.lineage;
    if (lineage !== null && typeof lineage === "object")
      lineages.set(r.name, lineage as Record<string, unknown>);
  }
  return lineages;
}

function modelPlan(spec: ModelSpec, layers: readonly Layer[] | undefined): ModelPlan {
  const notes: string[] = [];
  if (spec.templateNote) notes.push(spec.templateNote);
  for (const entity of spec.endpoint.servedEntities) {
    if (entity.alias)
      notes.push(
        `served entity ${entity.name} follows alias "${entity.alias}" of ${spec.registeredModel}; its version is resolved at deploy`,
      );
  }
  notes.push(...retentionNotes(spec));
  const tableSpec = processedTableSpecOf(spec);
  return {
    name: spec.name,
    template: spec.template,
    endpoint: spec.endpoint.name,
    notes,
    takeovers: takeoverNotes(spec),
    ...(layers === undefined ? {} : { settings: modelSettings(spec, layers) }),
    sql: [
      {
        title: `processed table ${tableSpec.processedTable.table} (declared as databricks.SqlTable)`,
        statement: createProcessedTableSql(tableSpec),
      },
      {
        title: "scheduled refresh (the job's SQL task)",
        statement: refreshProcessedTableSql(tableSpec),
      },
      ...alertingSql(spec),
      ...retentionSql(spec),
    ],
  };
}

/** The thresholds table's DDL and the alert query (one text for every severity of the model). */
function alertingSql(spec: ModelSpec): ModelPlan["sql"] {
  const tables = alertQueryTables(spec);
  const severities = alertSeverities(thresholdRowsOf(spec));
  return [
    {
      title: `thresholds table ${formatTableName(tables.thresholdsTable)} (DriftThresholds ensures it; one per stack)`,
      statement: createThresholdsTableSql(tables.thresholdsTable),
    },
    {
      title: `alert ${spec.alerting.queryForm === "script" ? "script" : "query"} of the ${severities.join(" and ")} AlertV2 (parameters :model = ${spec.name}, :severity = ${severities.join(" | ")})`,
      statement: alertQueryText(tables, spec.alerting.queryForm),
    },
  ];
}

/** Counts of a plan's models and resources (also of a `--model` part of it). */
export function summarize(
  models: readonly { name: string }[],
  resources: PlannedResource[],
): PlanSummary {
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r.type] = (byType[r.type] ?? 0) + 1;
  return {
    models: models.length,
    resources: resources.length,
    protectedResources: resources.filter((r) => r.options.protect).length,
    byType,
  };
}

export async function planStack(root: string, stack: string): Promise<StackPlan> {
  const empty = { models: [], resources: [], summary: summarize([], []) };
  // Every problem of the stack file and of the configuration it loads, in one run.
  const { file: stackConfig, models, layers, problems } = loadStack(root, stack);
  if (models === undefined || layers === undefined || stackConfig.project === undefined)
    return { stack, ok: false, problems, ...empty };
  const { resources, componentOutputs } = await evaluateInMockRuntime(
    {
      project: stackConfig.project,
      stack,
      config: stackConfig.config,
      secretKeys: stackConfig.secretKeys,
      invoke: aliasInvoke(models),
      // The plan reads the lineage only; the other components' outputs are never serialized.
      componentOutputsOf: [COMPONENT_TYPES.MonitoredModel],
    },
    // The models loaded above (the program would load them again from the same stack config).
    () => defineModelsInBatches(models, MODELS_PER_BATCH, settleRegistrations),
  );
  const lineages = lineagesByModel(resources, componentOutputs);
  // The environment is the stack config's (every model of a stack shares it), else the stack name.
  const policies = evaluatePolicies(resources, {
    stack,
    environment: models[0]?.environment ?? stack,
  });
  return {
    stack,
    ok: true,
    problems: [],
    resources,
    models: models.map((spec) => {
      const lineage = lineages.get(spec.name);
      const plan = modelPlan(spec, layers.get(spec.name));
      return lineage === undefined ? plan : { ...plan, lineage };
    }),
    summary: summarize(models, resources),
    policies,
  };
}
