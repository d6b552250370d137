/**
 * Identifier quoting and the catalog-name mapping between Databricks and DuckDB.
 *
 * Each Databricks catalog is a DuckDB in-memory database attached under the same name, except
 * names DuckDB reserves for its own databases (`main`, `system`, `temp`, `memory`): those get the
 * suffix `__dbx`, so the Databricks catalog `main` lives in the DuckDB database `main__dbx`.
 */
const reservedDatabaseNames = new Set(["main", "system", "temp", "memory"]);
/** Suffix of the DuckDB database holding a catalog whose name DuckDB reserves. */
export const mappedSuffix = "__dbx";

export function duckDbCatalogName(databricksCatalog: string): string {
  return reservedDatabaseNames.has(databricksCatalog.toLowerCase())
    ? `${databricksCatalog}${mappedSuffix}`
    : databricksCatalog;
}

export function databricksCatalogName(duckDbDatabase: string): string {
  if (duckDbDatabase.endsWith(mappedSuffix)) {
    const original = duckDbDatabase.slice(0, -mappedSuffix.length);
    if (reservedDatabaseNames.has(original.toLowerCase())) return original;
  }
  return duckDbDatabase;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A DuckDB string literal (standard SQL: only the quote is escaped, by doubling it). */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `catalog.schema.table` (1 to 3 parts) as DuckDB sees it, each part quoted. */
export function duckDbObjectName(parts: readonly string[]): string {
  const mapped =
    parts.length === 3 ? [duckDbCatalogName(parts[0] as string), ...parts.slice(1)] : parts;
  return mapped.map(quoteIdentifier).join(".");
}

/**
 * DuckDB 1.5.6's reserved keywords (`duckdb_keywords()` with category 'reserved'). Databricks
 * lets most of these be plain identifiers (metric tables have a column called `window` with a
 * field `end`), DuckDB does not: the translator quotes them where they are used as names. A unit
 * test compares this list with the running DuckDB so a version bump cannot silently drift.
 */
export const duckDbReservedWords: ReadonlySet<string> = new Set(
  (
    "all analyse analyze and any array as asc asymmetric both case cast check collate column " +
    "constraint create default deferrable desc describe distinct do else end except false fetch " +
    "for foreign from group having in initially intersect into lambda lateral leading limit not " +
    "null offset on only or order pivot pivot_longer pivot_wider placing primary qualify " +
    "references returning select show some summarize symmetric table then to trailing true " +
    "union unique unpivot using variadic when where window with"
  ).split(" "),
);
