import { assertIdentifier } from "../core/names";
import type { TableName } from "../core/types";

/**
 * Names as SQL text. Every name reaches a statement through these, after the identifier check
 * of core/names.ts: with that alphabet, quoting needs no escaping.
 */

/** A validated identifier in backticks, ready to splice into SQL as a name. */
export function quoteIdentifier(value: unknown, what = "identifier"): string {
  assertIdentifier(value, what);
  // The alphabet has no backtick, so no escaping is needed inside the quotes.
  return `\`${value}\``;
}

/**
 * A validated identifier as a SQL string literal, for the few places where a column name is a
 * value (a JSON key for `array_position`, a field name for `named_struct`). Safe because the
 * identifier alphabet contains no quote or backslash. Never use this for anything else.
 */
export function identifierAsStringLiteral(value: unknown, what = "identifier"): string {
  assertIdentifier(value, what);
  return `'${value}'`;
}

export function quoteTableName(name: TableName): string {
  return [
    quoteIdentifier(name.catalog, "catalog name"),
    quoteIdentifier(name.schema, "schema name"),
    quoteIdentifier(name.table, "table name"),
  ].join(".");
}
