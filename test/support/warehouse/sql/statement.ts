import { UntranslatableSqlError } from "../sql-errors";
import { ExpressionContext } from "./expressions";
import { QualifiedName, readQualifiedName } from "./qualified-names";
import { renderToken } from "./render";
import { TokenStream } from "./token-stream";

export type StatementKind =
  "query" | "insert" | "update" | "delete" | "merge" | "ddl" | "use" | "noop";

export interface TranslatedStatement {
  kind: StatementKind;
  /** DuckDB statements to run in order; the last one's rows are the result (query kinds). */
  duckDbSql: string[];
  /** Databricks catalogs to attach before running (CREATE SCHEMA <catalog>.<schema>). */
  catalogsToEnsure: string[];
  /**
   * Databricks catalogs that must exist for the statement to run (those whose
   * `information_schema.tables` it reads); absent when none. A missing one fails like a missing
   * table.
   */
  requiredCatalogs?: string[];
}

/** One statement being translated, shared by the statement handlers. */
export interface StatementContext {
  stream: TokenStream;
  /** Position just after the statement (a trailing `;` excluded). */
  end: number;
  sql: string;
  currentCatalog: string;
  expressions: ExpressionContext;
}

export function unsupported(context: StatementContext, what: string): never {
  throw new UntranslatableSqlError(`${what} are outside the supported subset`, context.sql);
}

export function fail(context: StatementContext, why: string): never {
  throw new UntranslatableSqlError(why, context.sql);
}

/** The translated text of positions [from, to). */
export function render(context: StatementContext, from = 0, to = context.end): string {
  return context.stream.render(from, to, renderToken).trim();
}

export function single(
  kind: StatementKind,
  sql: string,
  catalogsToEnsure: string[] = [],
): TranslatedStatement {
  return { kind, duckDbSql: [sql], catalogsToEnsure };
}

/** Reads `[IF NOT EXISTS] name` or `[IF EXISTS] name` from position p. */
export function ifExistsAndName(
  context: StatementContext,
  p: number,
  guard: "IF NOT EXISTS" | "IF EXISTS",
): { guarded: boolean; name: QualifiedName } {
  const { stream } = context;
  let q = p;
  let guarded = false;
  if (
    guard === "IF NOT EXISTS" &&
    stream.isWord(q, "IF") &&
    stream.isWord(q + 1, "NOT") &&
    stream.isWord(q + 2, "EXISTS")
  ) {
    guarded = true;
    q += 3;
  } else if (guard === "IF EXISTS" && stream.isWord(q, "IF") && stream.isWord(q + 1, "EXISTS")) {
    guarded = true;
    q += 2;
  }
  return { guarded, name: readQualifiedName(stream, q, context.sql) };
}
