import { UntranslatableSqlError } from "../sql-errors";
import { bridgeBareKeyword, bridgeFunctionCall } from "./functions";
import {
  hasAlias,
  informationSchemaTablesQuery,
  isInformationSchemaTables,
} from "./information-schema";
import { duckDbObjectName, duckDbReservedWords, quoteIdentifier } from "./names";
import { readQualifiedName } from "./qualified-names";
import { TokenStream } from "./token-stream";
import { parseDatabricksType } from "./types";

/** A parameter marker in the statement: `:name` or the n-th `?` (0-based). */
export type ParameterMarker = { name: string } | { ordinal: number };

export interface ExpressionContext {
  statement: string;
  /** The DuckDB text that replaces a parameter marker (a bound placeholder or NULL). */
  renderParameter(marker: ParameterMarker): string;
  /** True while translating a MERGE, where USING introduces the source table. */
  isMerge?: boolean;
  /**
   * Collects the Databricks catalogs whose `information_schema.tables` the statement reads: the
   * engine checks they exist (DuckDB's view would just have no rows for a missing one).
   */
  requiredCatalogs?: string[];
  /** Tables information_schema.tables leaves out (`catalog.schema.table`, lower case). */
  hiddenFromInformationSchema?: ReadonlySet<string>;
}

/** Keywords after which `:name` starts a parameter rather than a JSON path (`col:field`). */
const expressionStartKeywords = new Set(
  (
    "SELECT WHERE AND OR NOT THEN ELSE WHEN CASE ON BY IN IS LIKE ILIKE BETWEEN SET VALUES LIMIT " +
    "OFFSET HAVING AS DISTINCT ALL ANY SOME EXISTS RETURN INTERVAL QUALIFY FILTER DEFAULT"
  ).split(" "),
);

/** Keywords that end the table list of a FROM clause. */
const fromListEnders = new Set(
  "WHERE GROUP HAVING ORDER LIMIT QUALIFY UNION EXCEPT INTERSECT SELECT OFFSET WHEN SET".split(" "),
);

/** Function-call parentheses in which FROM is an argument keyword, not a table list. */
const fromInsideFunctions = new Set([
  "EXTRACT",
  "TRIM",
  "SUBSTRING",
  "SUBSTR",
  "POSITION",
  "OVERLAY",
]);

interface Paren {
  /** Upper-cased function name when the parenthesis opens a call. */
  fn?: string;
  openCases: number;
  /** Inside the table list of a FROM clause at this level (commas introduce tables). */
  inFromList: boolean;
}

/**
 * Rewrites the expressions and table references between positions [from, to). Handles: table
 * names (three-level names, catalog mapping, quoting), reserved words used as names, function
 * bridges, CAST/`::` target types, parameter markers, `<=>`, `* EXCEPT (...)`, and Spark's
 * 0-based array subscripts.
 */
export function translateExpressions(
  stream: TokenStream,
  from: number,
  to: number,
  ctx: ExpressionContext,
): void {
  const fail = (why: string): never => {
    throw new UntranslatableSqlError(why, ctx.statement);
  };
  const parens: Paren[] = [{ openCases: 0, inFromList: false }];
  const top = (): Paren => parens[parens.length - 1] as Paren;
  let ordinal = 0;
  /** CAST target types already translated: start position -> end position. */
  const translatedTypes = new Map<number, number>();

  /**
   * Maps the table name at q, if there is one; `(` after it means a table function there. Where
   * a table is read (`readsTable`: FROM, JOIN), `<catalog>.information_schema.tables` becomes a
   * subquery.
   */
  const tableReference = (
    q: number,
    { allowFunctions = true, readsTable = false } = {},
  ): number => {
    // TABLE after INTO (`INSERT INTO TABLE t`) is Spark-only noise.
    if (stream.isWord(q, "TABLE")) {
      stream.removeWord(q);
      q++;
    }
    const token = stream.at(q);
    if (token?.kind !== "word" && token?.kind !== "quotedIdentifier") return q;
    if (
      token.kind === "word" &&
      ["SELECT", "VALUES", "LATERAL", "UNNEST", "WITH"].includes(stream.word(q)!)
    )
      return q;
    if (allowFunctions && stream.isPunct(q + 1, "(")) return q; // table-valued function
    const name = readQualifiedName(stream, q, ctx.statement, {
      informationSchemaTables: readsTable,
    });
    if (isInformationSchemaTables(name.parts)) {
      const catalog = name.parts[0] as string;
      ctx.requiredCatalogs?.push(catalog);
      const alias = hasAlias(stream, name.end) ? "" : ' AS "tables"';
      stream.replaceRange(
        q,
        name.end,
        informationSchemaTablesQuery(catalog, ctx.hiddenFromInformationSchema) + alias,
      );
      return name.end;
    }
    stream.replaceRange(q, name.end, duckDbObjectName(name.parts));
    return name.end;
  };

  for (let p = from; p < to; p++) {
    const skipTo = translatedTypes.get(p);
    if (skipTo !== undefined) {
      p = skipTo - 1;
      continue;
    }
    const token = stream.at(p)!;
    const depth = parens.length - 1;
    const level = top();

    if (token.kind === "punct") {
      switch (token.text) {
        case "(": {
          const previous = stream.word(p - 1);
          const isCall = previous !== undefined && !stream.isPunct(p - 2, ".");
          parens.push({ fn: isCall ? previous : undefined, openCases: 0, inFromList: false });
          break;
        }
        case ")":
          if (parens.length > 1) parens.pop();
          break;
        case ",":
          if (level.inFromList) p = tableReference(p + 1, { readsTable: true }) - 1;
          break;
        case "[":
          p = subscript(stream, p, fail) - 1;
          break;
        case ":":
          if (!startsExpression(stream, p - 1)) {
            fail(
              `the JSON path syntax "${stream.at(p - 1)?.text ?? ""}:${stream.at(p + 1)?.text ?? ""}" is outside the subset`,
            );
          }
          if (stream.at(p + 1)?.kind !== "word" && stream.at(p + 1)?.kind !== "quotedIdentifier") {
            fail("a ':' must be followed by a parameter name");
          }
          stream.replace(p, ctx.renderParameter({ name: stream.at(p + 1)!.value }));
          stream.remove(p + 1);
          p++;
          break;
        case "?":
          stream.replace(p, ctx.renderParameter({ ordinal: ordinal++ }));
          break;
        case "::": {
          const type = parseDatabricksType(stream, p + 1, ctx.statement);
          stream.replaceRange(p + 1, type.end, type.duckDbType);
          p = type.end - 1;
          break;
        }
        case "<=>":
          stream.replace(p, " IS NOT DISTINCT FROM ");
          break;
        case "*":
          if (stream.isWord(p + 1, "EXCEPT") && stream.isPunct(p + 2, "("))
            stream.replace(p + 1, "EXCLUDE");
          break;
        default:
          break;
      }
      continue;
    }
    if (token.kind !== "word") continue;

    const word = token.text.toUpperCase();
    const afterDot = stream.isPunct(p - 1, ".");
    const beforeDot = stream.isPunct(p + 1, ".");
    if (afterDot || beforeDot) {
      // A name next to a dot (struct field, qualifier): DuckDB needs reserved words quoted.
      if (duckDbReservedWords.has(token.text.toLowerCase()))
        stream.replace(p, quoteIdentifier(token.text));
      continue;
    }
    // Keywords that may be followed by "(" (FROM (subquery), JOIN (...)) are not calls.
    const clauseKeyword = ["FROM", "JOIN", "INTO", "USING"].includes(word);
    if (stream.isPunct(p + 1, "(") && !clauseKeyword) {
      if (word === "CAST" || word === "TRY_CAST") {
        const type = castTarget(stream, p + 1, ctx.statement);
        if (type) translatedTypes.set(type.start, type.end);
      } else {
        bridgeFunctionCall(stream, p, ctx.statement);
      }
      continue;
    }
    switch (word) {
      case "FROM":
        if (stream.isWord(p - 1, "DISTINCT") || fromInsideFunctions.has(level.fn ?? "")) break;
        level.inFromList = true;
        p = tableReference(p + 1, { readsTable: true }) - 1;
        break;
      case "JOIN":
        p = tableReference(p + 1, { readsTable: true }) - 1;
        break;
      case "INTO":
        // INSERT INTO t(a, b): the parenthesis is the column list.
        p = tableReference(p + 1, { allowFunctions: false }) - 1;
        break;
      case "UPDATE":
        // Only the UPDATE statement names a table; MERGE's `THEN UPDATE SET` does not.
        if (p === from) p = tableReference(p + 1) - 1;
        break;
      case "USING":
        if (ctx.isMerge && depth === 0) p = tableReference(p + 1) - 1;
        break;
      case "CASE":
        level.openCases++;
        break;
      case "END":
        if (level.openCases > 0) level.openCases--;
        else stream.replace(p, quoteIdentifier(token.text));
        break;
      case "WINDOW":
        if (
          stream.at(p + 1)?.kind === "word" &&
          stream.isWord(p + 2, "AS") &&
          stream.isPunct(p + 3, "(")
        ) {
          level.inFromList = false;
        } else {
          stream.replace(p, quoteIdentifier(token.text));
        }
        break;
      case "TIMESTAMP_NTZ":
      case "TIMESTAMP_LTZ":
        if (stream.at(p + 1)?.kind === "string") stream.replace(p, "TIMESTAMP");
        break;
      case "CURRENT_TIMESTAMP":
        bridgeBareKeyword(stream, p);
        break;
      case "LIKE":
      case "ILIKE":
        likeEscape(stream, p);
        break;
      case "LATERAL":
        if (stream.isWord(p + 1, "VIEW")) fail("LATERAL VIEW is outside the subset");
        break;
      case "RLIKE":
      case "REGEXP":
        fail(`the ${word} operator is outside the subset`);
        break;
      case "DIV":
        fail("the DIV operator is outside the subset");
        break;
      default:
        if (fromListEnders.has(word)) level.inFromList = false;
        break;
    }
  }
}

/**
 * Spark's LIKE treats `\` as the escape character by default, DuckDB has none: a pattern that is a
 * single literal or parameter gets `ESCAPE '\'`. A computed pattern (concatenation, column) is
 * left alone (documented gap).
 */
function likeEscape(stream: TokenStream, p: number): void {
  let pattern = p + 1;
  if (stream.isPunct(pattern, ":")) pattern++; // `:name` is two tokens until rendered
  const token = stream.at(pattern);
  const single =
    token?.kind === "string" ||
    (token?.kind === "punct" && token.text === "?") ||
    pattern === p + 2;
  if (!single || stream.isWord(pattern + 1, "ESCAPE")) return;
  if (stream.isPunct(pattern + 1, "||") || stream.isPunct(pattern + 1, "(")) return;
  stream.insertAfter(pattern, " ESCAPE '\\'");
}

/** Whether the token at p leaves the parser expecting an expression (so `:x` is a parameter). */
function startsExpression(stream: TokenStream, p: number): boolean {
  const token = stream.at(p);
  if (token === undefined) return true;
  if (token.kind === "punct") return token.text !== ")" && token.text !== "]";
  if (token.kind === "word") return expressionStartKeywords.has(token.text.toUpperCase());
  return false;
}

/**
 * `arr[i]`: Spark arrays are 0-based, DuckDB lists 1-based. A literal integer index is shifted;
 * a string index is a map key and stays; anything else cannot be translated safely.
 */
function subscript(stream: TokenStream, p: number, fail: (why: string) => never): number {
  const close = stream.closing(p, "[", "]");
  if (startsExpression(stream, p - 1))
    fail("[...] list literals are not Databricks SQL (use array(...))");
  const index = stream.at(p + 1);
  if (close !== p + 2 || index === undefined) {
    return fail("array subscripts must be a literal integer or a string map key");
  }
  if (index.kind === "number" && /^\d+$/.test(index.value)) {
    stream.replace(p + 1, String(Number(index.value) + 1));
  } else if (index.kind !== "string") {
    fail("array subscripts must be a literal integer or a string map key");
  }
  return close + 1;
}

/** CAST(expr AS type): translates the type after the last top-level AS; returns its range. */
function castTarget(
  stream: TokenStream,
  open: number,
  statement: string,
): { start: number; end: number } | undefined {
  const close = stream.closingParen(open);
  let depth = 0;
  let as: number | undefined;
  for (let q = open + 1; q < close; q++) {
    if (stream.isPunct(q, "(")) depth++;
    else if (stream.isPunct(q, ")")) depth--;
    else if (depth === 0 && stream.isWord(q, "AS")) as = q;
  }
  if (as === undefined) return undefined;
  const type = parseDatabricksType(stream, as + 1, statement);
  if (type.end !== close)
    throw new UntranslatableSqlError("unexpected text after the CAST type", statement);
  stream.replaceRange(as + 1, close, type.duckDbType);
  return { start: as + 1, end: close };
}
