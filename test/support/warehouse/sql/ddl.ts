import { translateExpressions } from "./expressions";
import { duckDbCatalogName, duckDbObjectName, quoteIdentifier } from "./names";
import { readQualifiedName } from "./qualified-names";
import {
  fail,
  ifExistsAndName,
  render,
  single,
  StatementContext,
  TranslatedStatement,
  unsupported,
} from "./statement";
import { TokenStream } from "./token-stream";
import { parseDatabricksType } from "./types";

/** DDL and USE: Databricks objects (catalog.schema.table) as DuckDB databases, schemas, tables. */
type Context = StatementContext;

export function create(context: Context): TranslatedStatement {
  const { stream } = context;
  let p = 1;
  const orReplace = stream.isWord(p, "OR") && stream.isWord(p + 1, "REPLACE");
  if (orReplace) p += 2;
  const temporary = stream.isWord(p, "TEMP", "TEMPORARY");
  if (temporary) p++;
  const objectType = stream.word(p);
  switch (objectType) {
    case "TABLE":
      if (temporary) return unsupported(context, "temporary tables");
      return createTable(context, p + 1, orReplace);
    case "VIEW":
      return createView(context, p + 1, orReplace, temporary);
    case "SCHEMA":
    case "DATABASE":
      return createSchema(context, p + 1);
    case "CATALOG":
      return createCatalog(context, p + 1);
    default:
      return unsupported(
        context,
        `CREATE ${orReplace ? "OR REPLACE " : ""}${objectType ?? ""} statements`,
      );
  }
}

/**
 * CREATE TABLE: column types are translated; Delta/storage clauses that do not change query
 * results (USING, PARTITIONED BY, CLUSTER BY, TBLPROPERTIES, OPTIONS, COMMENT, column COMMENTs)
 * are dropped; LOCATION (external data) is rejected.
 */
function createTable(context: Context, p: number, orReplace: boolean): TranslatedStatement {
  const { stream } = context;
  const { guarded, name } = ifExistsAndName(context, p, "IF NOT EXISTS");
  let q = name.end;
  let columns: string | undefined;
  if (stream.isPunct(q, "(")) {
    const list = stream.listItems(q, { angleBrackets: true });
    columns = list.items.map(([from, to]) => columnDefinition(context, from, to)).join(", ");
    q = list.close + 1;
  }
  q = skipTableClauses(context, q);
  let query: string | undefined;
  if (stream.isWord(q, "AS")) {
    translateExpressions(stream, q + 1, context.end, context.expressions);
    query = render(context, q + 1);
    q = context.end;
  }
  if (q !== context.end) fail(context, `unexpected "${stream.at(q)?.text}" in CREATE TABLE`);
  if (columns !== undefined && query !== undefined)
    fail(context, "CREATE TABLE with both columns and AS query");
  if (columns === undefined && query === undefined)
    fail(context, "CREATE TABLE needs columns or AS query");
  const head = `CREATE ${orReplace ? "OR REPLACE " : ""}TABLE ${guarded ? "IF NOT EXISTS " : ""}${duckDbObjectName(name.parts)}`;
  return single("ddl", columns !== undefined ? `${head} (${columns})` : `${head} AS ${query}`);
}

function skipTableClauses(context: Context, p: number): number {
  const { stream } = context;
  let q = p;
  for (;;) {
    const word = stream.word(q);
    if (word === "USING" && stream.at(q + 1)?.kind === "word") q += 2;
    else if ((word === "PARTITIONED" || word === "CLUSTER") && stream.isWord(q + 1, "BY")) {
      q = stream.isPunct(q + 2, "(") ? stream.closingParen(q + 2) + 1 : q + 3;
    } else if ((word === "TBLPROPERTIES" || word === "OPTIONS") && stream.isPunct(q + 1, "(")) {
      q = stream.closingParen(q + 1) + 1;
    } else if (word === "COMMENT" && stream.at(q + 1)?.kind === "string") q += 2;
    else if (word === "LOCATION") fail(context, "LOCATION (external tables) is outside the subset");
    else return q;
  }
}

/** `name type [NOT NULL] [DEFAULT expr] [COMMENT 'text']` -> DuckDB column definition. */
function columnDefinition(context: Context, from: number, to: number): string {
  const { stream } = context;
  const nameToken = stream.at(from);
  if (stream.isWord(from, "CONSTRAINT", "PRIMARY", "FOREIGN", "CHECK")) {
    fail(context, "table constraints are outside the subset");
  }
  if (nameToken?.kind !== "word" && nameToken?.kind !== "quotedIdentifier") {
    fail(context, "expected a column name");
  }
  const type = parseDatabricksType(stream, from + 1, context.sql);
  const parts = [quoteIdentifier(nameToken!.value), type.duckDbType];
  let q = type.end;
  while (q < to) {
    if (stream.isWord(q, "NOT") && stream.isWord(q + 1, "NULL")) {
      parts.push("NOT NULL");
      q += 2;
    } else if (stream.isWord(q, "COMMENT") && stream.at(q + 1)?.kind === "string") {
      q += 2;
    } else if (stream.isWord(q, "DEFAULT")) {
      let expressionEnd = q + 1;
      while (expressionEnd < to && !stream.isWord(expressionEnd, "COMMENT", "NOT")) expressionEnd++;
      translateExpressions(stream, q + 1, expressionEnd, context.expressions);
      parts.push(`DEFAULT ${render(context, q + 1, expressionEnd)}`);
      q = expressionEnd;
    } else {
      fail(context, `column option "${stream.at(q)?.text}" is outside the subset`);
    }
  }
  return parts.join(" ");
}

function createView(
  context: Context,
  p: number,
  orReplace: boolean,
  temporary: boolean,
): TranslatedStatement {
  const { stream } = context;
  const { guarded, name } = ifExistsAndName(context, p, "IF NOT EXISTS");
  let q = name.end;
  let columns = "";
  if (stream.isPunct(q, "(")) {
    const list = stream.listItems(q);
    columns = ` (${list.items
      .map(([from, to]) => {
        const token = stream.at(from);
        const rest = to - from;
        if (
          (token?.kind !== "word" && token?.kind !== "quotedIdentifier") ||
          (rest !== 1 && rest !== 3)
        ) {
          fail(context, "view column lists may hold names with optional COMMENTs only");
        }
        return quoteIdentifier(token!.value);
      })
      .join(", ")})`;
    q = list.close + 1;
  }
  q = skipTableClauses(context, q);
  if (!stream.isWord(q, "AS")) fail(context, "CREATE VIEW needs AS query");
  translateExpressions(stream, q + 1, context.end, context.expressions);
  const head = `CREATE ${orReplace ? "OR REPLACE " : ""}${temporary ? "TEMP " : ""}VIEW ${guarded ? "IF NOT EXISTS " : ""}`;
  return single(
    "ddl",
    `${head}${duckDbObjectName(name.parts)}${columns} AS ${render(context, q + 1)}`,
  );
}

/** CREATE SCHEMA c.s attaches catalog c on demand (a workspace where the admin made it). */
function createSchema(context: Context, p: number): TranslatedStatement {
  const { stream } = context;
  const { guarded, name } = ifExistsAndName(context, p, "IF NOT EXISTS");
  if (name.parts.length > 2) fail(context, "a schema name has at most two parts");
  let q = name.end;
  for (;;) {
    if (stream.isWord(q, "COMMENT", "LOCATION") && stream.at(q + 1)?.kind === "string") q += 2;
    else if (stream.isWord(q, "MANAGED") && stream.isWord(q + 1, "LOCATION")) q += 3;
    else if (stream.isWord(q, "WITH") && stream.isWord(q + 1, "DBPROPERTIES"))
      q = stream.closingParen(q + 2) + 1;
    else if (stream.isWord(q, "OPTIONS")) q = stream.closingParen(q + 1) + 1;
    else break;
  }
  if (q !== context.end) fail(context, `unexpected "${stream.at(q)?.text}" in CREATE SCHEMA`);
  const catalogs = name.parts.length === 2 ? [name.parts[0] as string] : [];
  return single(
    "ddl",
    `CREATE SCHEMA ${guarded ? "IF NOT EXISTS " : ""}${schemaName(name.parts)}`,
    catalogs,
  );
}

function schemaName(parts: readonly string[]): string {
  return parts.length === 2
    ? `${quoteIdentifier(duckDbCatalogName(parts[0] as string))}.${quoteIdentifier(parts[1] as string)}`
    : quoteIdentifier(parts[0] as string);
}

/** A catalog is an attached in-memory DuckDB database with a `default` schema, like Unity Catalog. */
function createCatalog(context: Context, p: number): TranslatedStatement {
  const { stream } = context;
  const { guarded, name } = ifExistsAndName(context, p, "IF NOT EXISTS");
  if (name.parts.length !== 1) fail(context, "a catalog name has one part");
  let q = name.end;
  for (;;) {
    if (stream.isWord(q, "COMMENT") && stream.at(q + 1)?.kind === "string") q += 2;
    else if (stream.isWord(q, "MANAGED") && stream.isWord(q + 1, "LOCATION")) q += 3;
    else if (stream.isWord(q, "OPTIONS")) q = stream.closingParen(q + 1) + 1;
    else break;
  }
  if (q !== context.end)
    fail(context, `"${stream.at(q)?.text}" in CREATE CATALOG is outside the subset`);
  const catalog = quoteIdentifier(duckDbCatalogName(name.parts[0] as string));
  return {
    kind: "ddl",
    duckDbSql: [
      `ATTACH ${guarded ? "IF NOT EXISTS " : ""}':memory:' AS ${catalog}`,
      `CREATE SCHEMA IF NOT EXISTS ${catalog}."default"`,
    ],
    catalogsToEnsure: [],
  };
}

export function drop(context: Context): TranslatedStatement {
  const { stream } = context;
  const objectType = stream.word(1);
  const { guarded, name } = ifExistsAndName(context, 2, "IF EXISTS");
  let q = name.end;
  const ifExists = guarded ? "IF EXISTS " : "";
  switch (objectType) {
    case "TABLE":
    case "VIEW":
      if (stream.isWord(q, "PURGE")) q++;
      if (q !== context.end) break;
      return single("ddl", `DROP ${objectType} ${ifExists}${duckDbObjectName(name.parts)}`);
    case "SCHEMA":
    case "DATABASE": {
      const cascade = stream.isWord(q, "CASCADE");
      if (stream.isWord(q, "CASCADE", "RESTRICT")) q++;
      if (q !== context.end || name.parts.length > 2) break;
      return single(
        "ddl",
        `DROP SCHEMA ${ifExists}${schemaName(name.parts)}${cascade ? " CASCADE" : ""}`,
      );
    }
    case "CATALOG":
      if (stream.isWord(q, "CASCADE", "RESTRICT")) q++;
      if (q !== context.end || name.parts.length !== 1) break;
      return single(
        "ddl",
        `DETACH DATABASE ${ifExists}${quoteIdentifier(duckDbCatalogName(name.parts[0] as string))}`,
      );
    default:
      break;
  }
  return unsupported(context, `this form of DROP ${objectType ?? ""}`);
}

/** USE CATALOG c resets the schema to `default`, like Databricks; USE [SCHEMA] s keeps the catalog. */
export function use(context: Context): TranslatedStatement {
  const { stream } = context;
  let p = 1;
  const target = stream.word(p);
  const isCatalog = target === "CATALOG";
  if (target === "CATALOG" || target === "SCHEMA" || target === "DATABASE") p++;
  const name = readQualifiedName(stream, p, context.sql);
  if (name.end !== context.end) fail(context, "unexpected text after the USE target");
  let catalog: string;
  let schema: string;
  if (isCatalog) {
    if (name.parts.length !== 1) fail(context, "a catalog name has one part");
    [catalog, schema] = [name.parts[0] as string, "default"];
  } else if (name.parts.length === 2) {
    [catalog, schema] = name.parts as [string, string];
  } else if (name.parts.length === 1) {
    [catalog, schema] = [context.currentCatalog, name.parts[0] as string];
  } else {
    return fail(context, "USE takes a catalog or schema name");
  }
  return single(
    "use",
    `USE ${quoteIdentifier(duckDbCatalogName(catalog))}.${quoteIdentifier(schema)}`,
  );
}

export function truncate(context: Context): TranslatedStatement {
  const { stream } = context;
  if (!stream.isWord(1, "TABLE")) return unsupported(context, "TRUNCATE without TABLE");
  const name = readQualifiedName(stream, 2, context.sql);
  if (name.end !== context.end) return unsupported(context, "TRUNCATE TABLE ... PARTITION");
  return single("ddl", `TRUNCATE TABLE ${duckDbObjectName(name.parts)}`);
}

/** ALTER TABLE: ADD COLUMN(S) runs; metadata-only changes (properties, comments, clustering) are no-ops. */
export function alter(context: Context): TranslatedStatement {
  const { stream } = context;
  if (!stream.isWord(1, "TABLE"))
    return unsupported(context, `ALTER ${stream.at(1)?.text ?? ""} statements`);
  const name = readQualifiedName(stream, 2, context.sql);
  const table = duckDbObjectName(name.parts);
  const p = name.end;
  const noop: TranslatedStatement = { kind: "noop", duckDbSql: [], catalogsToEnsure: [] };
  if (stream.isWord(p, "SET", "UNSET") && stream.isWord(p + 1, "TBLPROPERTIES")) return noop;
  if (stream.isWord(p, "CLUSTER") && stream.isWord(p + 1, "BY")) return noop;
  if (stream.isWord(p, "ALTER", "CHANGE")) {
    const commentAt = stream.isWord(p + 1, "COLUMN") ? p + 3 : p + 2;
    if (stream.isWord(commentAt, "COMMENT") && commentAt + 2 === context.end) return noop;
  }
  if (stream.isWord(p, "ADD") && stream.isWord(p + 1, "COLUMN", "COLUMNS")) {
    let definitions: Array<[number, number]>;
    if (stream.isPunct(p + 2, "(")) {
      const list = stream.listItems(p + 2, { angleBrackets: true });
      if (list.close + 1 !== context.end) fail(context, "unexpected text after ADD COLUMNS (...)");
      definitions = list.items;
    } else {
      definitions = splitTopLevel(stream, p + 2, context.end);
    }
    return {
      kind: "ddl",
      duckDbSql: definitions.map(
        ([from, to]) => `ALTER TABLE ${table} ADD COLUMN ${columnDefinition(context, from, to)}`,
      ),
      catalogsToEnsure: [],
    };
  }
  return unsupported(context, "this form of ALTER TABLE");
}

function splitTopLevel(stream: TokenStream, from: number, to: number): Array<[number, number]> {
  const items: Array<[number, number]> = [];
  let depth = 0;
  let start = from;
  for (let q = from; q < to; q++) {
    if (stream.isPunct(q, "(") || stream.isPunct(q, "<")) depth++;
    else if (stream.isPunct(q, ")") || stream.isPunct(q, ">")) depth--;
    else if (depth === 0 && stream.isPunct(q, ",")) {
      items.push([start, q]);
      start = q + 1;
    }
  }
  items.push([start, to]);
  return items;
}
