import { PROVIDER_READ_BACK } from "../../components/provider-read-back";
import type { PlannedResource } from "../../policies/planned-resource";
import { DYNAMIC_TYPE_TOKENS } from "../../core/type-tokens";

/**
 * The few inputs a reviewer looks at for each resource type, as label/value pairs. Other
 * types show their scalar inputs.
 */
type Pairs = [string, string][];
type Inputs = Record<string, unknown>;

const show = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value);

function servingInputs(i: Inputs): Pairs {
  const config = (i.config ?? {}) as {
    servedEntities?: Inputs[];
    trafficConfig?: { routes?: Inputs[] };
  };
  const routes = new Map(
    (config.trafficConfig?.routes ?? []).map((r) => [r.servedEntityName, r.trafficPercentage]),
  );
  const served = (config.servedEntities ?? []).map((e) => {
    const size = e.workloadSize
      ? `${show(e.workloadSize)}`
      : `concurrency ${show(e.minProvisionedConcurrency)}-${show(e.maxProvisionedConcurrency)}`;
    const zero = e.scaleToZeroEnabled ? ", scale to zero" : "";
    return `${show(e.name)}=${show(e.entityName)} v${show(e.entityVersion)} ${routes.get(e.name) ?? "?"}% (${show(e.workloadType)} ${size}${zero})`;
  });
  const table =
    ((i.aiGateway ?? {}) as { inferenceTableConfig?: Inputs }).inferenceTableConfig ?? {};
  return [
    ["name", show(i.name)],
    ["served", served.join("; ")],
    [
      "inference table",
      table.enabled
        ? `${show(table.catalogName)}.${show(table.schemaName)}.${show(table.tableNamePrefix)}_payload`
        : "disabled",
    ],
  ];
}

function monitorInputs(i: Inputs): Pairs {
  const log = (i.inferenceLog ?? {}) as Inputs;
  const schedule = i.schedule as Inputs | undefined;
  return [
    ["table", show(i.tableName)],
    ["problem type", show(log.problemType)],
    ["granularities", show(log.granularities)],
    [
      "columns",
      `timestamp=${show(log.timestampCol)} model=${show(log.modelIdCol)} prediction=${show(log.predictionCol)}${log.labelCol ? ` label=${show(log.labelCol)}` : ""}`,
    ],
    ["output schema", show(i.outputSchemaName)],
    ["dashboard", `${i.skipBuiltinDashboard === true ? "none" : "built-in"} (create-only)`],
    [
      "schedule",
      schedule
        ? `${show(schedule.quartzCronExpression)} ${show(schedule.timezoneId)}`
        : "none (refresh on demand)",
    ],
  ];
}

function jobInputs(i: Inputs): Pairs {
  const schedule = (i.schedule ?? {}) as Inputs;
  // Tasks with a description say what they do (the retention job's limits per model).
  const described = ((i.tasks as Inputs[] | undefined) ?? []).filter(
    (t) => typeof t.description === "string",
  );
  const failures = ((i.emailNotifications ?? {}) as Inputs).onFailures as string[] | undefined;
  return [
    ["name", show(i.name)],
    [
      "schedule",
      `${show(schedule.quartzCronExpression)} ${show(schedule.timezoneId)} ${show(schedule.pauseStatus)}`,
    ],
    ...described.map((t): [string, string] => [`task ${show(t.taskKey)}`, show(t.description)]),
    ...(described.length > 0
      ? [["on failure", failures?.join(", ") ?? "nobody"] as [string, string]]
      : []),
  ];
}

/** A workspace file's content is base64: say how many statements, the SQL section shows them. */
function workspaceFileInputs(i: Inputs): Pairs {
  const text =
    typeof i.contentBase64 === "string" ? Buffer.from(i.contentBase64, "base64").toString() : "";
  const statements = text.split(";").filter((s) => /\S/.test(s.replace(/--.*$/gm, ""))).length;
  return [
    ["path", show(i.path)],
    ["content", `${statements} SQL statement(s) (in the SQL section)`],
  ];
}

function tableInputs(i: Inputs): Pairs {
  const columns = (i.columns as Inputs[] | undefined) ?? [];
  return [
    ["table", `${show(i.catalogName)}.${show(i.schemaName)}.${show(i.name)}`],
    ["columns", columns.map((c) => `${show(c.name)} ${show(c.type)}`).join(", ")],
  ];
}

function permissionInputs(i: Inputs): Pairs {
  const grants = ((i.accessControls as Inputs[] | undefined) ?? []).map(
    (a) =>
      `${show(a.groupName ?? a.userName ?? a.servicePrincipalName)}:${show(a.permissionLevel)}`,
  );
  return [["grants", grants.join(", ")]];
}

function privilegeList(value: unknown): string {
  return `[${((value as unknown[] | undefined) ?? []).map(show).join(", ")}]`;
}

/** Authoritative grants: everyone not listed loses their privileges, so say so on the resource. */
function grantsInputs(i: Inputs): Pairs {
  const grants = ((i.grants as Inputs[] | undefined) ?? []).map(
    (g) => `${show(g.principal)} ${privilegeList(g.privileges)}`,
  );
  return [
    ["model", show(i.model)],
    ["grants (authoritative)", `${grants.join(", ")}; every other principal's are revoked`],
  ];
}

function scalarInputs(i: Inputs): Pairs {
  return Object.entries(i)
    .filter(([key, value]) => key !== "__provider" && value !== null && typeof value !== "object")
    .slice(0, 6)
    .map(([key, value]) => [key, show(value)]);
}

/** An alert's query is long and printed once per model in the SQL section: say where. */
function alertInputs(i: Inputs): Pairs {
  const evaluation = (i.evaluation ?? {}) as Inputs;
  const notification = (evaluation.notification ?? {}) as Inputs;
  const schedule = (i.schedule ?? {}) as Inputs;
  const source = (evaluation.source ?? {}) as Inputs;
  const threshold = (((evaluation.threshold ?? {}) as Inputs).value ?? {}) as Inputs;
  const parameters = ((i.parameters as Inputs[] | undefined) ?? []).map(
    (p) => `:${show(p.name)}=${show(p.value)}`,
  );
  const lines = typeof i.queryText === "string" ? i.queryText.split("\n").length : 0;
  return [
    ["display name", show(i.displayName)],
    [
      "query",
      `${lines} lines (the model's alert query in the SQL section) ${parameters.join(" ")}`,
    ],
    [
      "condition",
      `${show(source.name)} ${show(evaluation.comparisonOperator)} ${show(threshold.doubleValue)}; empty result ${show(evaluation.emptyResultState)}`,
    ],
    [
      "notify",
      `${((notification.subscriptions as Inputs[] | undefined) ?? []).length} subscription(s), retrigger ${show(notification.retriggerSeconds)} s, on OK ${show(notification.notifyOnOk)}`,
    ],
    [
      "schedule",
      `${show(schedule.quartzCronSchedule)} ${show(schedule.timezoneId)} ${show(schedule.pauseStatus)}`,
    ],
  ];
}

/** Threshold rows counted by check type and severity. */
function thresholdInputs(i: Inputs): Pairs {
  const rows = Object.values((i.thresholds ?? {}) as Record<string, Inputs>);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${show(row.driftType)} ${show(row.severity)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [
    ["table", show(i.table)],
    ["model", show(i.model)],
    [
      "rows",
      `${rows.length}: ${[...counts]
        .sort()
        .map(([k, n]) => `${n} ${k}`)
        .join(", ")}`,
    ],
  ];
}

const BY_TYPE: Record<string, (inputs: Inputs) => Pairs> = {
  "databricks:index/alertV2:AlertV2": alertInputs,
  [DYNAMIC_TYPE_TOKENS.DriftThresholds]: thresholdInputs,
  "databricks:index/modelServing:ModelServing": servingInputs,
  "databricks:index/qualityMonitor:QualityMonitor": monitorInputs,
  "databricks:index/job:Job": jobInputs,
  "databricks:index/workspaceFile:WorkspaceFile": workspaceFileInputs,
  "databricks:index/sqlTable:SqlTable": tableInputs,
  "databricks:index/permissions:Permissions": permissionInputs,
  "databricks:index/grants:Grants": grantsInputs,
  "databricks:index/grant:Grant": (i) => [
    ["model", show(i.model)],
    ["grant", `${show(i.principal)} ${privilegeList(i.privileges)} (other principals untouched)`],
  ],
  "databricks:index/query:Query": (i) => [
    ["display name", show(i.displayName)],
    ["warehouse", show(i.warehouseId)],
  ],
};

export function keyInputs(resource: PlannedResource): Pairs {
  if (!resource.custom) return [];
  return (BY_TYPE[resource.type] ?? scalarInputs)(resource.inputs);
}

export function optionLabels(resource: PlannedResource): string[] {
  const o = resource.options;
  const labels: string[] = [];
  if (o.protect) labels.push("protect");
  if (o.retainOnDelete) labels.push("retainOnDelete");
  if (o.deleteBeforeReplace) labels.push("deleteBeforeReplace");
  if (o.replaceOnChanges) labels.push(`replaceOnChanges: ${o.replaceOnChanges.join(", ")}`);
  if (o.ignoreChanges) {
    const createOnly = createOnlyIgnored(resource.type);
    const [once, other] = [
      o.ignoreChanges.filter((p) => createOnly.includes(p)),
      o.ignoreChanges.filter((p) => !createOnly.includes(p)),
    ];
    if (once.length > 0) labels.push(`create-only, edits ignored: ${once.join(", ")}`);
    if (other.length > 0) labels.push(`ignoreChanges: ${other.join(", ")}`);
  }
  if (o.import) labels.push(`adopts existing: ${o.import}`);
  for (const [kind, names] of Object.entries(o.hooks ?? {}))
    labels.push(`${kind}: ${names.map((n) => n.split(":")[0]).join(", ")}`);
  if (o.customTimeouts) {
    const t = o.customTimeouts;
    labels.push(
      `timeouts: ${[t.create && `create ${t.create}`, t.update && `update ${t.update}`, t.delete && `delete ${t.delete}`].filter(Boolean).join(", ")}`,
    );
  }
  return labels;
}

/** Inputs the provider never updates, which the components ignore (provider-read-back.ts). */
function createOnlyIgnored(type: string): string[] {
  return (PROVIDER_READ_BACK[type]?.facts ?? [])
    .filter((f) => f.kind === "createOnly" && f.handling === "ignoreChanges")
    .map((f) => f.path);
}

/** Names of the resources this one waits for, other than its parent. */
export function dependencyNames(
  resource: PlannedResource,
  byUrn: Map<string, PlannedResource>,
): string[] {
  return resource.dependsOn
    .filter((urn) => urn !== resource.parentUrn)
    .map((urn) => byUrn.get(urn)?.name ?? urn.split("::").pop() ?? urn);
}
