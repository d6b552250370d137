import { codeFence, codeSpan, escapeCell } from "./markdown-cell";
import { lineageMarkdownLines } from "./render-lineage";
import type { StackPlan } from "./plan-stack";
import { dependencyNames, keyInputs, optionLabels } from "./key-inputs";
import { policyMarkdownLines } from "../../policies/render";

/** The plan as a pull-request comment: one section per stack, details folded. */

/** Marks the comment so CI can find and update it instead of posting a new one. */
export const PLAN_COMMENT_MARKER = "<!-- model-monitoring:offline-plan -->";

interface MarkdownOptions {
  sql: boolean;
  /** Summarise the resource tables as counts per type (to fit a size limit). */
  compact?: boolean;
}

function stackSection(plan: StackPlan, options: MarkdownOptions): string[] {
  if (!plan.ok) {
    return [
      `### ❌ ${plan.stack}: ${plan.problems.length} configuration problem(s)`,
      "",
      ...plan.problems.map(
        (p) =>
          `- ${codeSpan(p.file)}${p.path ? ` ${codeSpan(p.path)}` : ""}: ${escapeCell(p.message)}`,
      ),
      "",
    ];
  }
  const s = plan.summary;
  const icon = (plan.policies?.mandatory ?? 0) > 0 ? "❌" : "✅";
  return [
    `### ${icon} ${plan.stack}: ${s.models} model(s), ${s.resources} resource(s), ${s.protectedResources} protected`,
    "",
    ...(plan.policies ? policyMarkdownLines(plan.policies) : []),
    ...(options.compact ? resourceCounts(plan) : resourceTable(plan)),
    "",
    "</details>",
    "",
    ...lineageMarkdownLines(plan.models),
    ...modelNotesAndSql(plan, options),
  ];
}

/** One row per resource, with its key inputs, dependencies and options. */
function resourceTable(plan: StackPlan): string[] {
  const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
  return [
    "<details><summary>Resources</summary>",
    "",
    "| type | name | key inputs | after | options |",
    "| --- | --- | --- | --- | --- |",
    ...plan.resources
      .filter((r) => r.custom)
      .map((r) => {
        const inputs = keyInputs(r)
          .map(([k, v]) => escapeCell(`${k}: ${v}`))
          .join("<br>");
        return `| \`${r.type}\` | ${r.name} | ${inputs} | ${escapeCell(dependencyNames(r, byUrn).join(", "))} | ${escapeCell(optionLabels(r).join(", "))} |`;
      }),
  ];
}

/** Resources as counts per type: what fits when the table does not. */
function resourceCounts(plan: StackPlan): string[] {
  return [
    "<details><summary>Resources (counts: the per-resource table did not fit)</summary>",
    "",
    "| type | count |",
    "| --- | --- |",
    ...Object.entries(plan.summary.byType)
      .sort()
      .map(([type, count]) => `| \`${type}\` | ${count} |`),
  ];
}

function modelNotesAndSql(plan: StackPlan, options: MarkdownOptions): string[] {
  const lines: string[] = [];
  for (const model of plan.models) {
    const notes = model.notes.map((n) => `> ${escapeCell(n)}`);
    // Without the SQL (--no-sql keeps a PR comment under GitHub's size limit) the notes remain.
    if (!options.sql) {
      if (notes.length > 0) lines.push(`**${model.name}**`, "", ...notes, "");
      continue;
    }
    lines.push(`<details><summary>Generated SQL: ${model.name}</summary>`, "", ...notes, "");
    for (const sql of model.sql)
      lines.push(
        `**${escapeCell(sql.title)}**`,
        "",
        ...codeFence(sql.statement.trimEnd(), "sql"),
        "",
      );
    lines.push("</details>", "");
  }
  return lines;
}

/**
 * The plan as Markdown for a pull-request comment. With `maxChars`, a plan that would not fit
 * is rendered again with resource counts instead of per-resource tables, so every stack's
 * headline, policies and lineage stay in the comment instead of the last stacks (prod, in
 * name order) being cut off.
 */
export function renderMarkdown(
  plans: StackPlan[],
  options: { sql: boolean; maxChars?: number } = { sql: true },
): string {
  const render = (compact: boolean) =>
    [
      PLAN_COMMENT_MARKER,
      "## Offline plan",
      "",
      ...plans.flatMap((p) => stackSection(p, { sql: options.sql, compact })),
    ].join("\n");
  const full = render(false);
  if (options.maxChars === undefined || full.length <= options.maxChars) return full;
  return render(true);
}
