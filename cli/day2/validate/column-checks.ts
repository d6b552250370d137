import { PAYLOAD_COLUMNS } from "../../../core/columns";
import type { TableInfo } from "./table-info";

/**
 * Compares a table's columns, as Unity Catalog reports them, with what the project needs:
 * the processed table must have exactly the declared types; the payload table (Databricks'
 * own) must have the columns the refresh MERGE reads.
 */

/** Payload columns the processed-table refresh reads (sql/processed-table-refresh.ts). */
const PAYLOAD_COLUMNS_READ = [
  "databricks_request_id",
  "client_request_id",
  "request_time",
  "request_date",
  "status_code",
  "request",
  "response",
  "served_entity_id",
];

/** UC reports `bigint` as type_name LONG, and some clients write `integer` or `varchar(n)`. */
const TYPE_ALIASES: Record<string, string> = {
  long: "bigint",
  integer: "int",
  real: "float",
  short: "smallint",
  byte: "tinyint",
  timestamp_ltz: "timestamp",
  varchar: "string",
  char: "string",
};

export function normalizeType(text: string): string {
  const compact = text.trim().toLowerCase().replace(/\s+/g, "");
  const head = compact.replace(/\(.*\)$/, "");
  return TYPE_ALIASES[head] ?? head;
}

export interface ColumnComparison {
  missing: string[];
  wrongType: Array<{ name: string; actual: string; expected: string }>;
  extra: string[];
}

export function compareColumns(
  table: TableInfo,
  expected: ReadonlyArray<{ name: string; type: string }>,
): ColumnComparison {
  const actual = new Map(
    (table.columns ?? []).map((c) => [
      c.name.toLowerCase(),
      normalizeType(c.type_text ?? c.type_name ?? ""),
    ]),
  );
  const wanted = new Set(expected.map((c) => c.name.toLowerCase()));
  const result: ColumnComparison = { missing: [], wrongType: [], extra: [] };
  for (const column of expected) {
    const type = actual.get(column.name.toLowerCase());
    if (type === undefined) result.missing.push(column.name);
    else if (type !== normalizeType(column.type)) {
      result.wrongType.push({
        name: column.name,
        actual: type,
        expected: normalizeType(column.type),
      });
    }
  }
  for (const name of actual.keys()) if (!wanted.has(name)) result.extra.push(name);
  return result;
}

export function payloadColumnsComparison(table: TableInfo): ColumnComparison {
  const needed = PAYLOAD_COLUMNS.filter((c) => PAYLOAD_COLUMNS_READ.includes(c.name));
  return { ...compareColumns(table, needed), extra: [] };
}

/** "missing a, b; c is string, expected double" (empty when the columns are fine). */
export function describeMismatch(comparison: ColumnComparison): string {
  const parts: string[] = [];
  if (comparison.missing.length > 0) parts.push(`missing ${comparison.missing.join(", ")}`);
  for (const w of comparison.wrongType)
    parts.push(`${w.name} is ${w.actual}, expected ${w.expected}`);
  return parts.join("; ");
}

export function matches(comparison: ColumnComparison): boolean {
  return comparison.missing.length === 0 && comparison.wrongType.length === 0;
}
