import { code } from "./markdown-text";

/**
 * Threshold rows compared by their key (column, statistic, check type, severity): one line per
 * row added, removed or changed, e.g. `threshold amount · psi (CONSECUTIVE) · critical: > 0.2 → > 0.3`.
 */

interface Row {
  column?: unknown;
  statistic?: unknown;
  driftType?: unknown;
  severity?: unknown;
  comparator?: unknown;
  value?: unknown;
}

const text = (value: unknown): string =>
  typeof value === "string" ? value : JSON.stringify(value ?? null);

function rowsOf(value: unknown): Map<string, Row> {
  if (value === null || typeof value !== "object") return new Map();
  return new Map(Object.entries(value as Record<string, Row>));
}

function subject(row: Row): string {
  return `threshold ${code(text(row.column))} · ${text(row.statistic)} (${text(row.driftType)}) · ${text(row.severity)}`;
}

const condition = (row: Row) => code(`${text(row.comparator)} ${text(row.value)}`);

export function thresholdChanges(before: unknown, after: unknown): string[] {
  const [a, b] = [rowsOf(before), rowsOf(after)];
  const lines: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [was, now] = [a.get(key), b.get(key)];
    if (was && now) {
      if (was.comparator !== now.comparator || was.value !== now.value)
        lines.push(`${subject(now)}: ${condition(was)} → ${condition(now)}`);
    } else if (now) lines.push(`${subject(now)}: added, ${condition(now)}`);
    else if (was) lines.push(`${subject(was)}: removed (was ${condition(was)})`);
  }
  return lines;
}
