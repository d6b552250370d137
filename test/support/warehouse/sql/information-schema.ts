import { duckDbCatalogName, mappedSuffix, quoteString } from "./names";
import { TokenStream } from "./token-stream";

/**
 * `<catalog>.information_schema.tables`, the one information_schema view in the subset, as a
 * DuckDB subquery over DuckDB's own `information_schema.tables`. Columns (the Databricks names,
 * a subset of the view's columns): `table_catalog` (the Databricks catalog name, `main` rather
 * than `main__dbx`), `table_schema`, `table_name`, `table_type` ('MANAGED' for tables, 'VIEW'
 * for views). It lists the tables and views of that catalog only, less those in `hidden`: on
 * Databricks it lists only what the caller holds a privilege on, and the stand-in has no
 * privileges, so a test names the tables a caller could not see (the warehouse's
 * `hiddenFromInformationSchema`).
 */

/** Whether a table name is `<catalog>.information_schema.tables` (any case). */
export function isInformationSchemaTables(parts: readonly string[]): boolean {
  return (
    parts.length === 3 &&
    parts[1]?.toLowerCase() === "information_schema" &&
    parts[2]?.toLowerCase() === "tables"
  );
}

/** The DuckDB subquery answering `<catalog>.information_schema.tables`. */
export function informationSchemaTablesQuery(
  catalog: string,
  hidden: ReadonlySet<string> = new Set(),
): string {
  const database = duckDbCatalogName(catalog);
  const prefix = `${catalog.toLowerCase()}.`;
  const hiddenHere = [...hidden]
    .filter((name) => name.startsWith(prefix))
    .map((name) => quoteString(name.slice(prefix.length)));
  const visible =
    hiddenHere.length === 0
      ? ""
      : `AND lower(t.table_schema || '.' || t.table_name) NOT IN (${hiddenHere.join(", ")}) `;
  // A reserved name lives in `<name>__dbx`: report it without the suffix, as written at creation.
  const catalogColumn =
    database === catalog
      ? "t.table_catalog"
      : `left(t.table_catalog, length(t.table_catalog) - ${mappedSuffix.length})`;
  return (
    `(SELECT ${catalogColumn} AS table_catalog, t.table_schema AS table_schema, ` +
    "t.table_name AS table_name, " +
    "CASE WHEN t.table_type = 'VIEW' THEN 'VIEW' ELSE 'MANAGED' END AS table_type " +
    `FROM information_schema.tables AS t WHERE lower(t.table_catalog) = lower(${quoteString(database)}) ` +
    "AND lower(t.table_schema) <> 'information_schema' " +
    `${visible})`
  );
}

/** Words that may follow a table reference without being its alias. */
const afterTableReference = new Set(
  (
    "WHERE GROUP HAVING ORDER LIMIT OFFSET QUALIFY UNION EXCEPT INTERSECT MINUS JOIN INNER LEFT " +
    "RIGHT FULL CROSS NATURAL SEMI ANTI ON USING WINDOW LATERAL PIVOT UNPIVOT TABLESAMPLE WHEN SET"
  ).split(" "),
);

/** Whether the table reference ending before position p has an alias. */
export function hasAlias(stream: TokenStream, p: number): boolean {
  const token = stream.at(p);
  if (token?.kind === "quotedIdentifier") return true;
  if (token?.kind !== "word") return false;
  return !afterTableReference.has(token.text.toUpperCase());
}
