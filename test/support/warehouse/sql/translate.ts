import { UntranslatableSqlError, WarehouseSqlError } from "../sql-errors";
import { alter, create, drop, truncate, use } from "./ddl";
import { ParameterMarker, translateExpressions } from "./expressions";
import {
  render,
  single,
  StatementContext,
  StatementKind,
  TranslatedStatement,
  unsupported,
} from "./statement";
import { TokenStream } from "./token-stream";
import { tokenize } from "./tokenizer";

/**
 * Databricks SQL -> DuckDB SQL for the portable subset the project uses (the subset is listed in
 * test/support/README.md, "Local SQL warehouse"). Statements outside it throw
 * UntranslatableSqlError naming the statement, so nothing is silently mistranslated.
 */
export type { StatementKind, TranslatedStatement };

export interface TranslateOptions {
  /** The session's current Databricks catalog (for `USE SCHEMA s`). Default "main". */
  currentCatalog?: string;
  /** Text replacing a parameter marker; by default markers are an error (nothing bound). */
  renderParameter?: (marker: ParameterMarker) => string;
  /** Tables information_schema.tables leaves out (`catalog.schema.table`, lower case). */
  hiddenFromInformationSchema?: ReadonlySet<string>;
}

export type { ParameterMarker };

export function translate(sql: string, options: TranslateOptions = {}): TranslatedStatement {
  const stream = new TokenStream(tokenize(sql));
  const end = statementEnd(stream, sql);
  if (end === 0)
    throw new WarehouseSqlError("PARSE_SYNTAX_ERROR", "Syntax error: empty statement.", "42601");
  const requiredCatalogs: string[] = [];
  const context: StatementContext = {
    stream,
    end,
    sql,
    currentCatalog: options.currentCatalog ?? "main",
    expressions: {
      statement: sql,
      requiredCatalogs,
      hiddenFromInformationSchema: options.hiddenFromInformationSchema ?? new Set(),
      renderParameter:
        options.renderParameter ??
        ((marker) => {
          throw new WarehouseSqlError(
            "UNBOUND_SQL_PARAMETER",
            `Found the unbound parameter: ${"name" in marker ? marker.name : `?${marker.ordinal + 1}`}.`,
            "42P02",
          );
        }),
    },
  };
  const translated = translateStatement(context);
  return requiredCatalogs.length > 0
    ? { ...translated, requiredCatalogs: [...new Set(requiredCatalogs)] }
    : translated;
}

function translateStatement(context: StatementContext): TranslatedStatement {
  const { stream } = context;
  const first = stream.word(0);
  if (first === undefined && !stream.isPunct(0, "(")) {
    return unsupported(context, `statements starting with "${stream.at(0)?.text ?? ""}"`);
  }
  switch (first ?? "(") {
    case "(":
    case "SELECT":
    case "WITH":
    case "VALUES":
      return dml(context, "query");
    case "INSERT":
      if (!stream.isWord(1, "INTO"))
        return unsupported(context, `INSERT ${stream.at(1)?.text ?? ""}`);
      return dml(context, "insert");
    case "UPDATE":
      return dml(context, "update");
    case "DELETE":
      return dml(context, "delete");
    case "MERGE":
      if (!stream.isWord(1, "INTO")) return unsupported(context, "MERGE WITH SCHEMA EVOLUTION");
      return merge(context);
    case "CREATE":
      return create(context);
    case "DROP":
      return drop(context);
    case "USE":
      return use(context);
    case "TRUNCATE":
      return truncate(context);
    case "ALTER":
      return alter(context);
    default:
      return unsupported(context, `${first} statements`);
  }
}

/** One statement per call, like the warehouse: a trailing `;` is fine, a second statement is not. */
function statementEnd(stream: TokenStream, sql: string): number {
  let end = stream.length;
  while (end > 0 && stream.isPunct(end - 1, ";")) end--;
  for (let p = 0; p < end; p++) {
    if (stream.isPunct(p, ";")) {
      throw new UntranslatableSqlError(
        "several statements in one call (send them one by one)",
        sql,
      );
    }
  }
  return end;
}

function dml(context: StatementContext, kind: StatementKind): TranslatedStatement {
  translateExpressions(context.stream, 0, context.end, context.expressions);
  return single(kind, render(context));
}

/** MERGE passes through; RETURNING merge_action lets the engine report per-action counts. */
function merge(context: StatementContext): TranslatedStatement {
  translateExpressions(context.stream, 0, context.end, { ...context.expressions, isMerge: true });
  return single("merge", `${render(context)}\nRETURNING merge_action`);
}
