import type { TableName } from "./types";

/**
 * The identifiers we accept for catalogs, schemas, tables and columns.
 *
 * Unity Catalog accepts far more inside backticks (spaces, hyphens, unicode). We restrict on
 * purpose:
 * - feature names are also JSON keys and struct field names inside `from_json` schema strings
 *   and `array_position` lookups; with this alphabet they can never contain a quote or a
 *   backslash, so they are safe there without any escaping rules to get wrong;
 * - the same names travel to places with their own rules (monitor API fields, alert queries,
 *   DuckDB in the local tests, Pulumi resource names); this subset is valid in all of them;
 * - a hostile or mistyped name fails at plan time with a clear message instead of at run time
 *   inside a generated statement.
 */
export const UC_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Unity Catalog's limit for a name part. */
export const MAX_IDENTIFIER_LENGTH = 255;

export function isIdentifier(value: unknown): value is string {
  return (
    typeof value === "string" && value.length <= MAX_IDENTIFIER_LENGTH && UC_IDENTIFIER.test(value)
  );
}

/**
 * A model's name: it names the model file, the endpoint (`<name>-<environment>`), Pulumi
 * resources and job names, so it keeps to what all of them accept.
 */
export const MODEL_NAME = /^[a-z][a-z0-9-]{0,47}$/;
export const MODEL_NAME_RULE = "1-48 lowercase letters, digits or -, starting with a letter";

export function isModelName(value: unknown): value is string {
  return typeof value === "string" && MODEL_NAME.test(value);
}

/** Shows a bad value in an error without letting it run on for pages or hide control characters. */
export function describeValue(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value !== "string") return `${typeof value} ${String(value)}`;
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return `${JSON.stringify(shown)} (${value.length} chars)`;
}

/** Throws unless the value is an accepted identifier; `what` names its role in the message. */
export function assertIdentifier(value: unknown, what = "identifier"): asserts value is string {
  if (!isIdentifier(value)) {
    throw new Error(
      `invalid ${what} ${describeValue(value)}: expected letters, digits and underscores, ` +
        `not starting with a digit, at most ${MAX_IDENTIFIER_LENGTH} chars`,
    );
  }
}

/** `catalog.schema.table` without quotes, for messages, API paths and monitor fields. */
export function formatTableName(name: TableName): string {
  assertIdentifier(name.catalog, "catalog name");
  assertIdentifier(name.schema, "schema name");
  assertIdentifier(name.table, "table name");
  return `${name.catalog}.${name.schema}.${name.table}`;
}

export type TableNameParseResult = { ok: true; value: TableName } | { ok: false; error: string };

/** Parses `catalog.schema.table` without throwing; every part must be an accepted identifier. */
export function tryParseTableName(text: unknown): TableNameParseResult {
  if (typeof text !== "string") {
    return { ok: false, error: `invalid table name ${describeValue(text)}: expected a string` };
  }
  const parts = text.split(".");
  const [catalog, schema, table] = parts;
  if (parts.length !== 3 || catalog === undefined || schema === undefined || table === undefined) {
    return {
      ok: false,
      error: `invalid table name ${describeValue(text)}: expected catalog.schema.table`,
    };
  }
  const roles = ["catalog name", "schema name", "table name"] as const;
  for (const [index, part] of [catalog, schema, table].entries()) {
    if (!isIdentifier(part)) {
      return {
        ok: false,
        error: `invalid table name ${describeValue(text)}: ${roles[index]} ${describeValue(part)} is not an accepted identifier`,
      };
    }
  }
  return { ok: true, value: { catalog, schema, table } };
}

/** Parses `catalog.schema.table`; throws an error naming the bad value. */
export function parseTableName(text: unknown): TableName {
  const result = tryParseTableName(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
