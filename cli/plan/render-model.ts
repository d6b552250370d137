import type { ModelPlan } from "./plan-stack";

/** One model's effective settings, notes and thresholds table, for the text plan. */

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

export function modelSettingsLines(model: ModelPlan): string[] {
  const explained = model.settings;
  if (!explained) return [];
  const lines = [`Model ${model.name} (template ${model.template}): effective settings [from]`];
  const width = Math.max(...explained.settings.map((s) => s.key.length));
  for (const s of explained.settings)
    lines.push(`  ${s.key.padEnd(width)}  ${s.value}  [${s.origin}]`);
  for (const note of explained.notes) lines.push(`  note: ${note}`);
  lines.push(`  thresholds (${explained.thresholds.length}):`);
  lines.push(
    ...table(
      ["column", "statistic", "drift", "comparator", "value", "severity", "origin"],
      explained.thresholds.map((t) => [
        t.column,
        t.statistic,
        t.driftType,
        t.comparator,
        String(t.value),
        t.severity,
        t.origin,
      ]),
    ),
  );
  return lines;
}
