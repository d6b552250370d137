import { lineageTextLines } from "./render-lineage";
import { modelSettingsLines } from "./render-model";
import { formatProblem } from "../../config/problems";
import { policyTextLines } from "../../policies/render";
import { dependencyNames, keyInputs, optionLabels } from "./key-inputs";
import type { StackPlan } from "./plan-stack";
import type { PlannedResource } from "../../policies/planned-resource";

/** The plan as a terminal reader wants it: a resource tree, the generated SQL, a summary. */

function shortType(type: string): string {
  return type
    .replace(/^databricks:index\/\w+:/, "databricks:")
    .replace(/^model-monitoring:\w+:/, "");
}

/** compact: one line per resource (the model's settings section says what the inputs hold). */
function tree(resources: PlannedResource[], compact: boolean): string[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, PlannedResource[]>();
  const roots: PlannedResource[] = [];
  for (const r of resources) {
    if (r.parentUrn && byUrn.has(r.parentUrn)) {
      children.set(r.parentUrn, [...(children.get(r.parentUrn) ?? []), r]);
    } else roots.push(r);
  }
  const lines: string[] = [];
  const walk = (r: PlannedResource, indent: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const options = optionLabels(r);
    lines.push(
      `${indent}${branch}${shortType(r.type)}  ${r.name}${options.length ? `  [${options.join("; ")}]` : ""}`,
    );
    const detailIndent = indent + (root ? "" : last ? "   " : "│  ");
    const kids = children.get(r.urn) ?? [];
    const pipe = kids.length > 0 ? "│  " : "   ";
    if (!compact) {
      for (const [label, value] of keyInputs(r))
        lines.push(`${detailIndent}${pipe}  ${label}: ${value}`);
      const deps = dependencyNames(r, byUrn);
      if (deps.length > 0) lines.push(`${detailIndent}${pipe}  after: ${deps.join(", ")}`);
    }
    kids.forEach((kid, i) => walk(kid, detailIndent, i === kids.length - 1, false));
  };
  for (const r of roots) {
    walk(r, "", true, true);
    lines.push("");
  }
  return lines;
}

export function renderText(plan: StackPlan, options: { sql: boolean; compact?: boolean }): string {
  const lines: string[] = [];
  if (!plan.ok) {
    lines.push(
      `Stack ${plan.stack}: ${plan.problems.length} configuration problem(s); nothing would be deployed.`,
    );
    lines.push(...plan.problems.map(formatProblem));
    return lines.join("\n");
  }
  const s = plan.summary;
  lines.push(
    `Stack ${plan.stack}: ${s.models} model(s), ${s.resources} resource(s), ${s.protectedResources} protected`,
  );
  lines.push(
    "(offline plan: Pulumi mock runtime, preview mode; values marked 'known after apply' come from Databricks)",
  );
  lines.push("");
  const takeovers = plan.models.flatMap((m) => m.takeovers.map((t) => `  ${m.name}: ${t}`));
  if (takeovers.length > 0) {
    lines.push("!! TAKES OVER OBJECTS OR ACCESS THIS PROJECT DID NOT CREATE (opted in):");
    lines.push(...takeovers, "");
  }
  lines.push(...tree(plan.resources, options.compact === true));
  for (const model of plan.models) {
    for (const note of model.notes) lines.push(`note (${model.name}): ${note}`);
  }
  // Focused on models (--model): the settings below say what the lineage and inputs hold.
  if (!options.compact) for (const model of plan.models) lines.push(...lineageTextLines(model));
  for (const model of plan.models) lines.push("", ...modelSettingsLines(model));
  if (options.sql) {
    for (const model of plan.models) {
      for (const sql of model.sql) {
        lines.push("", `-- ${model.name}: ${sql.title}`, sql.statement.trimEnd());
      }
    }
  }
  if (!options.compact) {
    lines.push("", "Summary:");
    for (const [type, count] of Object.entries(s.byType).sort())
      lines.push(`  ${String(count).padStart(4)}  ${type}`);
  }
  if (plan.policies) lines.push("", ...policyTextLines(plan.policies));
  return lines.join("\n");
}
