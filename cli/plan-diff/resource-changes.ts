import { keyInputs, optionLabels } from "../plan/key-inputs";
import type { PlannedResource } from "../../policies/planned-resource";
import { DYNAMIC_TYPE_TOKENS } from "../../core/type-tokens";
import { thresholdChanges } from "./threshold-changes";
import { code } from "./markdown-text";

/** What changed in one resource between the base plan and the head plan, as readable lines. */

type Inputs = Record<string, unknown>;

const show = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value ?? null);

const sortedList = (values: unknown): string =>
  Array.isArray(values) ? values.map(show).sort().join(", ") : show(values);

/** Facts the key inputs leave out or only count: recipients and grants in full. */
function extraFacts(resource: PlannedResource): [string, string][] {
  const i = resource.inputs;
  switch (resource.type) {
    case "databricks:index/notificationDestination:NotificationDestination": {
      const config = (i.config ?? {}) as Inputs;
      const email = config.email as Inputs | undefined;
      return [["recipients", email ? sortedList(email.addresses) : show(config)]];
    }
    case "databricks:index/grants:Grants":
      return [
        [
          "grants",
          ((i.grants as Inputs[] | undefined) ?? [])
            .map((g) => `${show(g.principal)}: ${sortedList(g.privileges)}`)
            .sort()
            .join("; "),
        ],
      ];
    case "databricks:index/qualityMonitor:QualityMonitor":
      return [
        ["failure emails", sortedList(((i.notifications ?? {}) as Inputs).onFailure)],
        ["slicing", sortedList(i.slicingExprs ?? [])],
      ];
    case "databricks:index/job:Job":
      return [["failure emails", sortedList(((i.emailNotifications ?? {}) as Inputs).onFailures)]];
    default:
      return [];
  }
}

function facts(resource: PlannedResource): Map<string, string> {
  // Threshold rows are compared one by one below, not as the key inputs' counts.
  const pairs =
    resource.type === DYNAMIC_TYPE_TOKENS.DriftThresholds
      ? keyInputs(resource).filter(([label]) => label !== "rows")
      : keyInputs(resource);
  return new Map([...pairs, ...extraFacts(resource)]);
}

/** A new resource's key inputs and options, one line each. */
export function resourceFacts(resource: PlannedResource, model: string | undefined): string[] {
  const label = resourceLabel(resource, model);
  const options = optionLabels(resource);
  return [
    ...[...facts(resource)].map(([key, value]) => `${label} ${key}: ${code(value)}`),
    ...(options.length > 0 ? [`${label} options: ${options.map(code).join(", ")}`] : []),
  ];
}

/** Leaf paths whose values differ (the serialized provider code is not an input to review). */
export function changedPaths(before: unknown, after: unknown, prefix = ""): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return [prefix || "(value)"];
  const a = before as Inputs;
  const b = after as Inputs;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => k !== "__provider",
  );
  return keys.sort().flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

/** A resource's name without its model's prefix, after its short type: `AlertV2 alerts-warning`. */
export function resourceLabel(resource: PlannedResource, model: string | undefined): string {
  const shortType = resource.type.split(":").pop() ?? resource.type;
  const name =
    model !== undefined && resource.name.startsWith(`${model}-`)
      ? resource.name.slice(model.length + 1)
      : resource.name;
  return `${shortType} ${name}`;
}

/** One line per changed fact, threshold row and option; changed paths when no fact shows it. */
export function resourceChanges(
  before: PlannedResource,
  after: PlannedResource,
  model: string | undefined,
): string[] {
  const label = resourceLabel(after, model);
  const lines: string[] = [];
  const [a, b] = [facts(before), facts(after)];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [was, now] = [a.get(key) ?? "(none)", b.get(key) ?? "(none)"];
    if (was !== now) lines.push(`${label} ${key}: ${code(was)} → ${code(now)}`);
  }
  if (after.type === DYNAMIC_TYPE_TOKENS.DriftThresholds)
    lines.push(...thresholdChanges(before.inputs.thresholds, after.inputs.thresholds));
  const paths = changedPaths(before.inputs, after.inputs).filter(
    (p) => !p.startsWith("thresholds."),
  );
  if (lines.length === 0 && paths.length > 0) {
    const shown = paths.slice(0, 8).map(code).join(", ");
    const more = paths.length > 8 ? ` and ${paths.length - 8} more` : "";
    lines.push(`${label} inputs changed: ${shown}${more}`);
  }
  const [oldOptions, newOptions] = [optionLabels(before), optionLabels(after)];
  const gone = oldOptions.filter((o) => !newOptions.includes(o));
  const added = newOptions.filter((o) => !oldOptions.includes(o));
  if (gone.length + added.length > 0)
    lines.push(
      `${label} options: ${[...gone.map((o) => `−${code(o)}`), ...added.map((o) => `+${code(o)}`)].join(", ")}`,
    );
  return lines;
}
