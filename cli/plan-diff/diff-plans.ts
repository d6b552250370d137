import type { PlannedResource } from "../../policies/planned-resource";
import { COMPONENT_TYPES, DYNAMIC_TYPE_TOKENS } from "../../core/type-tokens";
import type { StackPlan } from "../plan/plan-stack";
import { resourceChanges, resourceFacts, resourceLabel } from "./resource-changes";
import { code } from "./markdown-text";

/** The head plan against the base plan: per stack, per model, what is added, changed, removed. */

/** Resources outside any MonitoredModel (stack-wide ones) are filed under this key. */
export const STACK_WIDE = "(stack-wide)";

export interface AddedModel {
  name: string;
  /** One line: endpoint, template, thresholds, alerts, recipients. */
  summary: string;
  /** Key inputs of its resources; left out first when the comment must shrink. */
  details: string[];
}

export interface RemovedModel {
  name: string;
  /** Counts, and what stays in the workspace or blocks the deletion. Always shown. */
  summary: string;
  /** The resources' labels; left out when the comment must shrink. */
  details: string[];
}

export interface StackDiff {
  stack: string;
  /** "added" or "removed" when the whole stack is new or gone. */
  status: "added" | "removed" | "compared";
  /** The head's configuration problems and new mandatory policy violations; a failed base. */
  problems: string[];
  added: AddedModel[];
  removed: RemovedModel[];
  changed: { name: string; lines: string[] }[];
  unchanged: string[];
}

function modelOf(resource: PlannedResource, byUrn: Map<string, PlannedResource>): string {
  for (let r: PlannedResource | undefined = resource; r; r = byUrn.get(r.parentUrn ?? "")) {
    if (r.type === COMPONENT_TYPES.MonitoredModel) return r.name;
    if (!r.parentUrn) break;
  }
  return STACK_WIDE;
}

/** Model name -> its custom resources by URN. */
function byModel(plan: StackPlan | undefined): Map<string, Map<string, PlannedResource>> {
  const grouped = new Map<string, Map<string, PlannedResource>>();
  if (!plan) return grouped;
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  for (const model of plan.models) grouped.set(model.name, new Map());
  for (const r of plan.resources) {
    if (!r.custom) continue;
    const model = modelOf(r, byUrn);
    const group = grouped.get(model) ?? new Map<string, PlannedResource>();
    group.set(r.urn, r);
    grouped.set(model, group);
  }
  return grouped;
}

function addedModel(name: string, resources: PlannedResource[]): AddedModel {
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  const endpoint = ofType("databricks:index/modelServing:ModelServing")[0];
  const thresholds = ofType(DYNAMIC_TYPE_TOKENS.DriftThresholds)
    .map((r) => Object.keys((r.inputs.thresholds ?? {}) as object).length)
    .reduce((sum, n) => sum + n, 0);
  const recipients = ofType("databricks:index/notificationDestination:NotificationDestination")
    .flatMap((r) => {
      const email = ((r.inputs.config ?? {}) as { email?: { addresses?: unknown[] } }).email;
      return (email?.addresses ?? []).map(String);
    })
    .sort();
  const parts = [
    endpoint ? `endpoint ${code(String(endpoint.inputs.name))}` : "no endpoint",
    `${resources.length} resources`,
    `${thresholds} thresholds`,
    `${ofType("databricks:index/alertV2:AlertV2").length} alerts`,
    `recipients ${code(recipients.join(", ") || "(none)")}`,
  ];
  const details = resources.flatMap((r) => resourceFacts(r, name));
  return { name, summary: parts.join(", "), details };
}

function removedModel(name: string, resources: PlannedResource[]): RemovedModel {
  const labels = (list: PlannedResource[]) => list.map((r) => code(resourceLabel(r, name)));
  const kept = resources.filter((r) => r.options.retainOnDelete);
  const protectedOnes = resources.filter((r) => r.options.protect);
  const parts = [`${resources.length} resources deleted`];
  if (kept.length > 0) parts.push(`${kept.length} stay in the workspace (retainOnDelete)`);
  if (protectedOnes.length > 0)
    parts.push(
      `⚠️ ${protectedOnes.length} protected: \`pulumi up\` refuses to delete them until they are unprotected`,
    );
  const details = [
    ...(kept.length > 0 ? [`kept: ${labels(kept).join(", ")}`] : []),
    ...(protectedOnes.length > 0 ? [`protected: ${labels(protectedOnes).join(", ")}`] : []),
  ];
  return { name, summary: parts.join("; "), details };
}

function modelChanges(
  name: string,
  before: Map<string, PlannedResource>,
  after: Map<string, PlannedResource>,
): string[] {
  const lines: string[] = [];
  for (const [urn, now] of after) {
    const was = before.get(urn);
    if (was) lines.push(...resourceChanges(was, now, name === STACK_WIDE ? undefined : name));
    else lines.push(`${code(resourceLabel(now, name))} added`);
  }
  for (const [urn, was] of before)
    if (!after.has(urn)) lines.push(`${code(resourceLabel(was, name))} deleted`);
  return lines;
}

function headProblems(base: StackPlan | undefined, head: StackPlan): string[] {
  const problems = head.problems.map(
    (p) => `${code(p.file)}${p.path ? ` ${code(p.path)}` : ""}: ${code(p.message)}`,
  );
  const known = new Set((base?.policies?.violations ?? []).map((v) => `${v.rule} ${v.message}`));
  const violations = (head.policies?.violations ?? [])
    .filter((v) => v.enforcement === "mandatory" && !known.has(`${v.rule} ${v.message}`))
    .map((v) => `policy ${code(v.rule)}: ${code(v.message)}`);
  return [...problems, ...violations];
}

export function diffStack(base: StackPlan | undefined, head: StackPlan | undefined): StackDiff {
  const stack = head?.stack ?? base?.stack ?? "";
  const [a, b] = [byModel(base), byModel(head)];
  const diff: StackDiff = {
    stack,
    status: !base ? "added" : !head ? "removed" : "compared",
    problems: head ? headProblems(base, head) : [],
    added: [],
    removed: [],
    changed: [],
    unchanged: [],
  };
  // A stack that failed to plan has no models: comparing it would report every model removed.
  if (head && !head.ok) return diff;
  if (base && !base.ok)
    diff.problems.push(
      "the base branch's plan of this stack has configuration problems: its models show as added",
    );
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const name of names) {
    const [was, now] = [a.get(name), b.get(name)];
    if (name !== STACK_WIDE && !was && now) diff.added.push(addedModel(name, [...now.values()]));
    else if (name !== STACK_WIDE && was && !now)
      diff.removed.push(removedModel(name, [...was.values()]));
    else {
      const lines = modelChanges(name, was ?? new Map(), now ?? new Map());
      if (lines.length > 0) diff.changed.push({ name, lines });
      else if (name !== STACK_WIDE) diff.unchanged.push(name);
    }
  }
  return diff;
}

/** Every stack of either side, in name order. */
export function diffPlans(base: StackPlan[], head: StackPlan[]): StackDiff[] {
  const stacks = [...new Set([...base, ...head].map((p) => p.stack))].sort();
  return stacks.map((stack) =>
    diffStack(
      base.find((p) => p.stack === stack),
      head.find((p) => p.stack === stack),
    ),
  );
}
