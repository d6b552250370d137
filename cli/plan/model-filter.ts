import { closest } from "../../config/did-you-mean";
import type { PlannedResource } from "../../policies/planned-resource";
import { COMPONENT_TYPES } from "../../core/type-tokens";
import { summarize, type StackPlan } from "./plan-stack";

/** `plan --model`: the named models' part of each stack's plan, and did-you-mean for typos. */

/** `--model a --model b,c` as one list. */
export function modelNames(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** A problem per unknown name, with the nearest known name when one is close. */
export function unknownModelProblems(names: readonly string[], known: readonly string[]): string[] {
  return names
    .filter((name) => !known.includes(name))
    .map((name) => {
      const nearest = closest(name, known);
      const hint = nearest === undefined ? "" : ` did you mean "${nearest}"?`;
      return `unknown model "${name}";${hint} known models: ${known.join(", ")}`;
    });
}

/** The plan with only the named models, their resources and a summary of those. */
export function filterPlan(plan: StackPlan, names: readonly string[]): StackPlan {
  if (!plan.ok) return plan;
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const selected = (r: PlannedResource): boolean => {
    for (
      let at: PlannedResource | undefined = r;
      at;
      at = at.parentUrn ? byUrn.get(at.parentUrn) : undefined
    )
      if (at.type === COMPONENT_TYPES.MonitoredModel && names.includes(at.name)) return true;
    return false;
  };
  const resources = plan.resources.filter(selected);
  const models = plan.models.filter((m) => names.includes(m.name));
  return {
    ...plan,
    resources,
    models,
    summary: summarize(models, resources),
  };
}
