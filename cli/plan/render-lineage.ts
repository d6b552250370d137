import { escapeCell } from "./markdown-cell";
import type { ModelPlan } from "./plan-stack";

/**
 * The stack output `models.<name>` (ModelLineage) as the plan shows it. Values only Databricks
 * knows (ids, versions behind an alias) read "(known after apply)".
 */

/** A lineage value on one line: maps as `k=v, ...`, lists comma-separated. */
export function lineageValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(lineageValue).join(", ");
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0
      ? "-"
      : entries.map(([key, inner]) => `${key}=${lineageValue(inner)}`).join(", ");
  }
  return value === undefined || value === null || value === "" ? "-" : String(value);
}

/** `lineage (model):` then one indented `key: value` line per field. */
export function lineageTextLines(model: Pick<ModelPlan, "name" | "lineage">): string[] {
  if (model.lineage === undefined) return [];
  return [
    `lineage (${model.name}):`,
    ...Object.entries(model.lineage).map(([key, value]) => `  ${key}: ${lineageValue(value)}`),
  ];
}

/** The columns a reviewer needs in a PR comment, one row per model. */
const MARKDOWN_COLUMNS = [
  ["endpointName", "endpoint"],
  ["servedVersions", "served versions"],
  ["processedTable", "processed table"],
  ["driftMetricsTable", "drift metrics"],
  ["experimentPath", "experiment"],
] as const;

export function lineageMarkdownLines(models: readonly ModelPlan[]): string[] {
  const withLineage = models.filter((model) => model.lineage !== undefined);
  if (withLineage.length === 0) return [];
  return [
    "<details><summary>Lineage (stack output <code>models</code>)</summary>",
    "",
    `| model | ${MARKDOWN_COLUMNS.map(([, title]) => title).join(" | ")} |`,
    `| --- | ${MARKDOWN_COLUMNS.map(() => "---").join(" | ")} |`,
    ...withLineage.map(
      (model) =>
        `| ${model.name} | ${MARKDOWN_COLUMNS.map(([key]) => escapeCell(lineageValue(model.lineage?.[key]))).join(" | ")} |`,
    ),
    "",
    "</details>",
    "",
  ];
}
