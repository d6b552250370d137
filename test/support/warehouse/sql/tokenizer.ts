import { WarehouseSqlError } from "../sql-errors";

/**
 * Splits Databricks SQL into tokens so the translator can rewrite identifiers, types and
 * functions without ever touching the inside of string literals or comments.
 */
export type TokenKind =
  "space" | "comment" | "word" | "quotedIdentifier" | "string" | "number" | "punct";

export interface Token {
  kind: TokenKind;
  /** The exact source text. */
  text: string;
  /**
   * Decoded value: the name for quoted identifiers, the string content (escapes applied) for
   * strings, the digits without suffix for numbers, the text otherwise.
   */
  value: string;
  /** Number suffix in Spark's literal syntax (L, S, Y, D, F, BD), upper-cased; else "". */
  suffix: string;
  start: number;
}

const multiCharPuncts = ["<=>", "<=", ">=", "<>", "!=", "==", "::", "||", "->", "=>"];
const wordStart = /[A-Za-z_]/;
const wordChar = /[A-Za-z0-9_]/;
const digit = /[0-9]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number, value?: string, suffix = "") => {
    const text = sql.slice(i, end);
    tokens.push({ kind, text, value: value ?? text, suffix, start: i });
    i = end;
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1] ?? "";
    if (/\s/.test(ch)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql[end] as string)) end++;
      push("space", end);
    } else if (ch === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      push("comment", newline === -1 ? sql.length : newline);
    } else if (ch === "/" && next === "*") {
      push("comment", endOfBracketedComment(sql, i));
    } else if ((ch === "r" || ch === "R") && (next === "'" || next === '"')) {
      const end = sql.indexOf(next, i + 2);
      if (end === -1) throw syntaxError("unterminated raw string literal", i);
      push("string", end + 1, sql.slice(i + 2, end));
    } else if (ch === "'" || ch === '"') {
      const { end, value } = readQuotedString(sql, i);
      push("string", end, value);
    } else if (ch === "`") {
      const { end, value } = readBacktickIdentifier(sql, i);
      push("quotedIdentifier", end, value);
    } else if (digit.test(ch) || (ch === "." && digit.test(next) && !endsOperand(tokens))) {
      const { end, digits, suffix } = readNumber(sql, i);
      push("number", end, digits, suffix);
    } else if (wordStart.test(ch)) {
      let end = i + 1;
      while (end < sql.length && wordChar.test(sql[end] as string)) end++;
      push("word", end);
    } else {
      const punct = multiCharPuncts.find((candidate) => sql.startsWith(candidate, i));
      push("punct", i + (punct?.length ?? 1));
    }
  }
  return tokens;
}

export function isSignificant(token: Token): boolean {
  return token.kind !== "space" && token.kind !== "comment";
}

/** Whether the last significant token ends an operand (so a following `.5` is not a number). */
function endsOperand(tokens: Token[]): boolean {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k] as Token;
    if (!isSignificant(token)) return false;
    return (
      token.kind === "word" ||
      token.kind === "quotedIdentifier" ||
      token.text === ")" ||
      token.text === "]"
    );
  }
  return false;
}

/** Spark allows nested bracketed comments. */
function endOfBracketedComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith("/*", i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith("*/", i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  throw syntaxError("unterminated comment", start);
}

/**
 * Spark string literals: single or double quotes, backslash escapes (\n, \t, \uXXXX, \', ...),
 * and a doubled quote as an escaped quote (newer Databricks runtimes; UNCONFIRMED for old ones).
 */
function readQuotedString(sql: string, start: number): { end: number; value: string } {
  const quote = sql[start] as string;
  let value = "";
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "\\") {
      const escaped = sql[i + 1];
      if (escaped === undefined) break;
      if (escaped === "u" && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      value += backslashEscapes[escaped] ?? escaped;
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) {
        value += quote;
        i += 2;
      } else {
        return { end: i + 1, value };
      }
    } else {
      value += ch;
      i++;
    }
  }
  throw syntaxError("unterminated string literal", start);
}

const backslashEscapes: Record<string, string> = {
  "0": "\u0000",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\u001A",
  // Spark keeps the backslash before LIKE wildcards so they stay escaped in patterns.
  "%": "\\%",
  _: "\\_",
};

function readBacktickIdentifier(sql: string, start: number): { end: number; value: string } {
  let value = "";
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (ch === "`") {
      if (sql[i + 1] === "`") {
        value += "`";
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    value += ch;
    i++;
  }
  throw syntaxError("unterminated quoted identifier", start);
}

function readNumber(sql: string, start: number): { end: number; digits: string; suffix: string } {
  const match = /^(\d*\.?\d*(?:[eE][+-]?\d+)?)(BD|[LSYDF])?(?![A-Za-z0-9_])/i.exec(
    sql.slice(start),
  );
  if (!match || match[1] === undefined || match[1] === "") {
    // Something like `1abc`: let the database report it.
    let end = start + 1;
    while (end < sql.length && wordChar.test(sql[end] as string)) end++;
    return { end, digits: sql.slice(start, end), suffix: "" };
  }
  return {
    end: start + match[0].length,
    digits: match[1],
    suffix: (match[2] ?? "").toUpperCase(),
  };
}

function syntaxError(what: string, position: number): WarehouseSqlError {
  return new WarehouseSqlError(
    "PARSE_SYNTAX_ERROR",
    `Syntax error: ${what} at position ${position}.`,
    "42601",
  );
}
