import { normalizeType } from "../validate/column-checks";
import type { UcColumn, UcTable } from "./facts";

/**
 * Whether a column of a table the user maintains (labels, baseline) fits what the project
 * reads from it. Types are compared after Unity Catalog's aliases (LONG = BIGINT, ...):
 * the same type fits; another type of the same family (INT for BIGINT) fits with a cast;
 * anything else, or a nested type, does not.
 */

export type Fit = "same" | "castable" | "incompatible" | "missing";

const FAMILIES: Record<string, string> = {
  tinyint: "number",
  smallint: "number",
  int: "number",
  bigint: "number",
  float: "number",
  double: "number",
  decimal: "number",
  string: "text",
  boolean: "boolean",
  date: "time",
  timestamp: "time",
  timestamp_ntz: "time",
};

export function columnType(column: UcColumn): string {
  return normalizeType(column.type_text ?? column.type_name ?? "");
}

export function findColumn(table: UcTable, name: string): UcColumn | undefined {
  return (table.columns ?? []).find((c) => c.name.toLowerCase() === name.toLowerCase());
}

/** How a column fits `expected` (a project type such as "double"). */
export function fit(column: UcColumn | undefined, expected: string): Fit {
  if (column === undefined) return "missing";
  const actual = columnType(column);
  const wanted = normalizeType(expected);
  if (actual === wanted) return "same";
  const family = FAMILIES[actual];
  return family !== undefined && family === FAMILIES[wanted] ? "castable" : "incompatible";
}

/** A scalar type a value can be cast to STRING from (join keys are compared as strings). */
export function isScalar(column: UcColumn): boolean {
  return FAMILIES[columnType(column)] !== undefined;
}
