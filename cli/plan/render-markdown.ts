import { escapeCell } from "./markdown-cell";
import { lineageMarkdownLines } from "./render-lineage";
import type { StackPlan } from "./plan-stack";
import { dependencyNames, keyInputs, optionLabels } from "./key-inputs";
import { policyMarkdownLines } from "../../policies/render";

/** The plan as a pull-request comment: one section per stack, details folded. */

/** Marks the comment so CI can find and update it instead of posting a new one. */
export const PLAN_COMMENT_MARKER = "<!-- model-monitoring:offline-plan -->";

function stackSection(plan: StackPlan, options: { sql: boolean }): string[] {
  if (!plan.ok) {
    return [
      `### ❌ ${plan.stack}: ${plan.problems.length} configuration problem(s)`,
      "",
      ...plan.problems.map(
        (p) => `- \`${p.file}\`${p.path ? ` \`${p.path}\`` : ""}: ${escapeCell(p.message)}`,
      ),
      "",
    ];
  }
  const s = plan.summary;
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  const icon = (plan.policies?.mandatory ?? 0) > 0 ? "❌" : "✅";
  const lines = [
    `### ${icon} ${plan.stack}: ${s.models} model(s), ${s.resources} resource(s), ${s.protectedResources} protected`,
    "",
    ...(plan.policies ? policyMarkdownLines(plan.policies) : []),
    "<details><summary>Resources</summary>",
    "",
    "| type | name | key inputs | after | options |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of plan.resources.filter((x) => x.custom)) {
    const inputs = keyInputs(r)
      .map(([k, v]) => escapeCell(`${k}: ${v}`))
      .join("<br>");
    lines.push(
      `| \`${r.type}\` | ${r.name} | ${inputs} | ${escapeCell(dependencyNames(r, byUrn).join(", "))} | ${escapeCell(optionLabels(r).join(", "))} |`,
    );
  }
  lines.push("", "</details>", "", ...lineageMarkdownLines(plan.models));
  for (const model of plan.models) {
    const notes = model.notes.map((n) => `> ${n}`);
    // Without the SQL (--no-sql keeps a PR comment under GitHub's size limit) the notes remain.
    if (!options.sql) {
      if (notes.length > 0) lines.push(`**${model.name}**`, "", ...notes, "");
      continue;
    }
    lines.push(`<details><summary>Generated SQL: ${model.name}</summary>`, "", ...notes, "");
    for (const sql of model.sql)
      lines.push(`**${sql.title}**`, "", "```sql", sql.statement.trimEnd(), "```", "");
    lines.push("</details>", "");
  }
  return lines;
}

export function renderMarkdown(
  plans: StackPlan[],
  options: { sql: boolean } = { sql: true },
): string {
  return [
    PLAN_COMMENT_MARKER,
    "## Offline plan",
    "",
    ...plans.flatMap((p) => stackSection(p, options)),
  ].join("\n");
}
