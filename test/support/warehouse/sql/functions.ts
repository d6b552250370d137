import { UntranslatableSqlError } from "../sql-errors";
import { quoteIdentifier, quoteString } from "./names";
import { TokenStream } from "./token-stream";

/**
 * Databricks functions that DuckDB lacks or implements with different semantics, rewritten at
 * the call site. Each bridge edits only the name, parentheses and commas of the call, never the
 * argument tokens, so rewrites inside the arguments still apply. Functions not listed pass
 * through: DuckDB either has the same function or fails loudly because it does not exist.
 */
type Bridge = (call: Call) => void;

interface Call {
  stream: TokenStream;
  /** Position of the function name. */
  name: number;
  open: number;
  close: number;
  args: Array<[number, number]>;
  commas: number[];
  statement: string;
}

const timeUnits: Record<string, string> = {
  YEAR: "year",
  QUARTER: "quarter",
  MONTH: "month",
  WEEK: "week",
  DAY: "day",
  DAYOFYEAR: "day",
  HOUR: "hour",
  MINUTE: "minute",
  SECOND: "second",
  MILLISECOND: "millisecond",
  MICROSECOND: "microsecond",
};

const bridges: Record<string, Bridge> = {
  NVL: (call) => {
    expectArgs(call, 2);
    call.stream.replace(call.name, "coalesce");
  },
  NVL2: (call) => {
    expectArgs(call, 3);
    const [first, second] = call.commas as [number, number];
    call.stream.replace(call.name, "");
    call.stream.replace(call.open, "(CASE WHEN (");
    call.stream.replace(first, ") IS NOT NULL THEN (");
    call.stream.replace(second, ") ELSE (");
    call.stream.replace(call.close, ") END)");
  },
  ISNULL: (call) => wrapPredicate(call, "IS NULL"),
  ISNOTNULL: (call) => wrapPredicate(call, "IS NOT NULL"),
  CURRENT_TIMESTAMP: (call) => replaceNiladic(call, "CAST(current_timestamp AS TIMESTAMP)"),
  NOW: (call) => replaceNiladic(call, "CAST(current_timestamp AS TIMESTAMP)"),
  CURRENT_DATE: (call) => replaceNiladic(call, "current_date"),
  // Spark's current_database() is the current *schema*; DuckDB's is the catalog.
  CURRENT_DATABASE: (call) => call.stream.replace(call.name, "current_schema"),
  CURRENT_SCHEMA: () => undefined,
  CURRENT_CATALOG: (call) => call.stream.replace(call.name, "__dbx_current_catalog"),
  TIMESTAMPADD: (call) => timestampAdd(call),
  DATEADD: (call) =>
    call.args.length === 3 ? timestampAdd(call) : dateAddDays(call, "__dbx_date_add"),
  DATE_ADD: (call) => dateAddDays(call, "__dbx_date_add"),
  DATE_SUB: (call) => dateAddDays(call, "__dbx_date_sub"),
  TIMESTAMPDIFF: (call) => timestampDiff(call),
  DATEDIFF: (call) => {
    if (call.args.length === 3) return timestampDiff(call);
    expectArgs(call, 2);
    call.stream.replace(call.name, "__dbx_datediff");
  },
  // Spark's count_if is 0 over no rows; DuckDB's is NULL. count() of a CASE keeps OVER/FILTER working.
  COUNT_IF: (call) => {
    expectArgs(call, 1);
    call.stream.replace(call.name, "count");
    call.stream.replace(call.open, "(CASE WHEN (");
    call.stream.replace(call.close, ") THEN 1 END)");
  },
  // make_dt_interval(days[, hours[, mins[, secs]]]) and make_ym_interval(years[, months]).
  MAKE_DT_INTERVAL: (call) => padArguments(call, "__dbx_make_dt_interval", 4),
  MAKE_YM_INTERVAL: (call) => padArguments(call, "__dbx_make_ym_interval", 2),
  // Spark's concat returns NULL when any argument is NULL; DuckDB's skips NULLs. `||` propagates.
  CONCAT: (call) => {
    if (call.args.length === 0) fail(call, "concat() needs at least one argument");
    call.stream.replace(call.name, "");
    call.stream.replace(call.open, "((");
    for (const comma of call.commas) call.stream.replace(comma, ") || (");
    call.stream.replace(call.close, "))");
  },
  NAMED_STRUCT: (call) => {
    if (call.args.length % 2 !== 0) fail(call, "named_struct needs name/value pairs");
    call.stream.replace(call.name, "struct_pack");
    call.args.forEach(([from, to], index) => {
      if (index % 2 !== 0) return;
      const key = call.stream.at(from);
      if (to !== from + 1 || key?.kind !== "string")
        fail(call, "named_struct field names must be string literals");
      call.stream.replace(from, `${quoteIdentifier(key!.value)} :=`);
      call.stream.replace(call.commas[index] as number, "");
    });
  },
  ARRAY: (call) => call.stream.replace(call.name, "list_value"),
  MAP: (call) => {
    if (call.args.length % 2 !== 0) fail(call, "map() needs key/value pairs");
    call.stream.replace(call.name, "MAP ");
    call.stream.replace(call.open, "{");
    call.commas.forEach((comma, index) => call.stream.replace(comma, index % 2 === 0 ? ":" : ","));
    call.stream.replace(call.close, "}");
  },
  SIZE: (call) => {
    expectArgs(call, 1);
    call.stream.replace(call.name, "len");
  },
  TO_DATE: (call) => {
    if (call.args.length !== 1) fail(call, "to_date with a format argument is outside the subset");
    call.stream.replace(call.name, "CAST");
    call.stream.insertBefore(call.close, " AS DATE");
  },
  // Spark returns NULL for malformed JSON where DuckDB raises an error (documented gap).
  GET_JSON_OBJECT: (call) => {
    expectArgs(call, 2);
    call.stream.replace(call.name, "json_extract_string");
  },
  // to_json(struct(alias.*)[, options]): a row as JSON. DuckDB writes a table alias as its row
  // (with NULL fields, like Spark's ignoreNullFields=false); the options argument is dropped by a
  // macro that ignores it. Other to_json arguments pass through to DuckDB's to_json.
  TO_JSON: (call) => {
    const [first] = call.args;
    if (first === undefined || call.args.length > 2) fail(call, "to_json takes 1 or 2 arguments");
    const [from, to] = first;
    const words = [...Array(to - from).keys()].map((i) => call.stream.at(from + i));
    const isRowStar =
      to - from === 6 &&
      words[0]?.value.toUpperCase() === "STRUCT" &&
      words[1]?.text === "(" &&
      words[3]?.text === "." &&
      words[4]?.text === "*" &&
      words[5]?.text === ")";
    if (isRowStar) for (const i of [0, 1, 3, 4, 5]) call.stream.replace(from + i, "");
    if (call.args.length === 2) call.stream.replace(call.name, "__dbx_to_json");
  },
  JSON_OBJECT_KEYS: (call) => {
    expectArgs(call, 1);
    call.stream.replace(call.name, "json_keys");
  },
  // Spark's split takes a regular expression; DuckDB's split takes a literal separator.
  SPLIT: (call) => {
    if (call.args.length !== 2) fail(call, "split with a limit argument is outside the subset");
    call.stream.replace(call.name, "string_split_regex");
  },
  // Spark replaces every match; DuckDB only the first unless given the 'g' option.
  REGEXP_REPLACE: (call) => {
    if (call.args.length !== 3)
      fail(call, "regexp_replace with a position argument is outside the subset");
    call.stream.insertBefore(call.close, ", 'g'");
  },
  // Spark's default group is 1, DuckDB's is 0.
  REGEXP_EXTRACT: (call) => {
    if (call.args.length === 2) call.stream.insertBefore(call.close, ", 1");
  },
  // Spark's one-argument log is the natural logarithm; DuckDB's is base 10.
  LOG: (call) => {
    if (call.args.length === 1) call.stream.replace(call.name, "ln");
  },
  // Spark numbers Sunday..Saturday as 1..7, DuckDB as 0..6.
  DAYOFWEEK: (call) => {
    call.stream.insertBefore(call.name, "(");
    call.stream.insertAfter(call.close, " + 1)");
  },
  HASH: (call) => fail(call, "hash() differs between Databricks (Murmur3) and DuckDB"),
  IDENTIFIER: (call) =>
    fail(call, "the IDENTIFIER() clause is outside the subset (quote names instead)"),
  EXPLODE: (call) => fail(call, "explode() is outside the subset"),
  FROM_JSON: (call) =>
    fail(
      call,
      "from_json() is outside the subset (DuckDB's takes a JSON sample, not a DDL schema)",
    ),
};

export const bridgedFunctionNames: readonly string[] = Object.keys(bridges).map((name) =>
  name.toLowerCase(),
);

/** Rewrites the call whose name is at position p (the `(` follows it) if it needs a bridge. */
export function bridgeFunctionCall(stream: TokenStream, p: number, statement: string): void {
  const bridge = bridges[stream.word(p) ?? ""];
  if (!bridge) return;
  const { items, commas, close } = stream.listItems(p + 1);
  bridge({ stream, name: p, open: p + 1, close, args: items, commas, statement });
}

/** A niladic function written without parentheses (`current_timestamp`). */
export function bridgeBareKeyword(stream: TokenStream, p: number): void {
  if (stream.isWord(p, "CURRENT_TIMESTAMP"))
    stream.replace(p, "CAST(current_timestamp AS TIMESTAMP)");
}

function timestampAdd(call: Call): void {
  expectArgs(call, 3);
  call.stream.replace(call.name, "__dbx_timestampadd");
  replaceUnit(call);
}

function timestampDiff(call: Call): void {
  expectArgs(call, 3);
  // DuckDB's date_sub(part, start, end) counts whole units like Spark's timestampdiff;
  // DuckDB's date_diff counts boundaries crossed, which differs.
  call.stream.replace(call.name, "date_sub");
  replaceUnit(call);
}

function dateAddDays(call: Call, macro: string): void {
  expectArgs(call, 2);
  call.stream.replace(call.name, macro);
}

function replaceUnit(call: Call): void {
  const [from, to] = call.args[0] as [number, number];
  const token = call.stream.at(from);
  const unitName = to === from + 1 ? token?.value.toUpperCase() : undefined;
  const unit = unitName === undefined ? undefined : timeUnits[unitName];
  if (unit === undefined) fail(call, `unsupported time unit "${token?.text ?? ""}"`);
  call.stream.replace(from, quoteString(unit as string));
}

/** Renames the call and fills omitted trailing arguments with 0 (DuckDB macros have fixed arity). */
function padArguments(call: Call, macro: string, arity: number): void {
  if (call.args.length < 1 || call.args.length > arity) {
    fail(call, `${call.stream.at(call.name)?.text ?? ""}() takes 1 to ${arity} arguments`);
  }
  call.stream.replace(call.name, macro);
  call.stream.insertBefore(call.close, ", 0".repeat(arity - call.args.length));
}

function replaceNiladic(call: Call, replacement: string): void {
  expectArgs(call, 0);
  call.stream.replace(call.name, replacement);
  call.stream.replace(call.open, "");
  call.stream.replace(call.close, "");
}

function wrapPredicate(call: Call, predicate: string): void {
  expectArgs(call, 1);
  call.stream.replace(call.name, "");
  call.stream.replace(call.open, "((");
  call.stream.replace(call.close, `) ${predicate})`);
}

function expectArgs(call: Call, count: number): void {
  if (call.args.length !== count) {
    fail(
      call,
      `${call.stream.at(call.name)?.text ?? "function"}() expects ${count} argument(s), got ${call.args.length}`,
    );
  }
}

function fail(call: Call, why: string): never {
  throw new UntranslatableSqlError(why, call.statement);
}
