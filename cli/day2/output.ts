import Table from "cli-table3";
import type { z } from "zod";
import type { Day2Error } from "./exit-codes";
import { errorOutput } from "./json-output";

/** Rendering shared by the day-2 commands: JSON checked against its schema, tables, colour. */

/**
 * The JSON text of a command's result. Its type is the zod schema's (json-output.ts); the tests
 * check real outputs against the committed JSON Schemas, so no run pays for a parse here.
 */
export function jsonText<S extends z.ZodType>(_schema: S, value: z.infer<S>): string {
  return JSON.stringify(value, null, 2);
}

export function errorJson(command: string, stack: string | null, error: Day2Error): string {
  return jsonText(errorOutput, {
    command,
    stack,
    ok: false,
    exitCode: 2,
    error: { kind: error.kind, message: error.message, details: [...error.details] },
  });
}

export function errorText(error: Day2Error): string {
  return [`error: ${error.message}`, ...error.details.map((line) => `  ${line.trim()}`)].join("\n");
}

export type Colour = "red" | "yellow" | "green" | "dim" | "bold";
const CODES: Record<Colour, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
};

export function paint(text: string, colour: Colour | undefined, enabled: boolean): string {
  if (!enabled || colour === undefined || text === "") return text;
  const [on, off] = CODES[colour];
  return `\x1b[${on}m${text}\x1b[${off}m`;
}

/**
 * A terminal table; plain (no colour codes) unless `colour`. `widths` caps columns (long
 * messages wrap at word boundaries); a missing entry sizes the column to its content.
 */
export function textTable(
  head: string[],
  rows: string[][],
  colour: boolean,
  widths: Array<number | null> = [],
): string {
  const table = new Table({
    head: head.map((h) => paint(h, "bold", colour)),
    style: { head: [], border: [], compact: true },
    ...(widths.length === 0
      ? {}
      : { colWidths: head.map((_, i) => widths[i] ?? null) as number[], wordWrap: true }),
  });
  table.push(...rows);
  return table.toString();
}

export function markdownTable(head: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${head.map(cell).join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** 0.000123 -> "0.000123", 1234.5678 -> "1234.57", null -> "–". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(1);
  if (abs >= 0.01) return String(Number(value.toFixed(4)));
  return value.toPrecision(3);
}

/** "2025-01-07T00:00:00.000Z" -> "2025-01-07 00:00". */
export function formatTime(iso: string | null): string {
  return iso === null ? "–" : iso.slice(0, 16).replace("T", " ");
}

export function formatShare(share: number | null): string {
  return share === null ? "–" : `${(share * 100).toFixed(share < 0.001 && share > 0 ? 3 : 1)}%`;
}
