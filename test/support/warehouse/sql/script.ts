import { UntranslatableSqlError, WarehouseSqlError } from "../sql-errors";
import { TokenStream } from "./token-stream";
import { tokenize } from "./tokenizer";

/**
 * Databricks SQL scripting (DBR 16.3+, `sql-ref-scripting`), the part the project sends: one
 * compound statement `BEGIN <statements> END [;]` whose statements are plain statements ending in
 * `;` or `IF <condition> THEN ... { ELSEIF <condition> THEN ... } [ELSE ...] END IF;` (nestable).
 * The parser only cuts the script into statement and condition texts; each is translated when it
 * runs (`script-runner.ts`), as Databricks analyses a statement only when it executes it.
 */
export type ScriptStatement = PlainStatement | IfStatement;

export interface PlainStatement {
  kind: "statement";
  /** The statement's Databricks SQL, without its `;`. */
  sql: string;
}

export interface IfStatement {
  kind: "if";
  /** The IF and each ELSEIF, in order. */
  branches: Array<{ condition: string; body: ScriptStatement[] }>;
  /** The ELSE body, if any. */
  otherwise?: ScriptStatement[];
}

/** Statement starts that only exist in SQL scripts, and how the refusal names them. */
const scriptingOnly = new Map<string, string>(
  Object.entries({
    BEGIN: "nested compound statements (BEGIN ... END)",
    DECLARE: "DECLARE (variables, conditions, handlers)",
    SET: "SET (variable assignment)",
    WHILE: "WHILE loops",
    LOOP: "LOOP statements",
    REPEAT: "REPEAT loops",
    FOR: "FOR loops",
    CASE: "CASE statements",
    LEAVE: "LEAVE statements",
    ITERATE: "ITERATE statements",
    SIGNAL: "SIGNAL statements",
    RESIGNAL: "RESIGNAL statements",
    GET: "GET DIAGNOSTICS",
    EXECUTE: "EXECUTE IMMEDIATE",
  }),
);

/** Whether the text is a SQL script: its first word is BEGIN (or a label and then BEGIN). */
export function isSqlScript(sql: string): boolean {
  const stream = new TokenStream(tokenize(sql));
  if (stream.isWord(0, "BEGIN")) return !stream.isWord(1, "TRANSACTION", "WORK");
  return isLabel(stream, 0) && stream.isWord(2, "BEGIN");
}

/** The first token of a script as written, for the error of a warehouse without scripting. */
export function scriptKeyword(sql: string): string {
  return new TokenStream(tokenize(sql)).at(0)?.text ?? "";
}

export function parseSqlScript(sql: string): ScriptStatement[] {
  const stream = new TokenStream(tokenize(sql));
  let end = stream.length;
  while (end > 0 && stream.isPunct(end - 1, ";")) end--;
  const parser = new ScriptParser(sql, stream, end);
  if (!stream.isWord(0, "BEGIN")) parser.refuse("labels");
  const { body, next } = parser.block(1, ["END"]);
  if (next !== end - 1) {
    if (stream.isPunct(next + 1, ";"))
      throw new UntranslatableSqlError(
        "several statements in one call (send them one by one)",
        sql,
      );
    throw parser.syntaxError(next + 1);
  }
  return body;
}

/** Statements a label can name; `SELECT :name` is a parameter marker, not a label. */
const LABELLED = ["BEGIN", "WHILE", "LOOP", "REPEAT", "FOR"];

function isLabel(stream: TokenStream, p: number): boolean {
  const token = stream.at(p);
  return (
    (token?.kind === "word" || token?.kind === "quotedIdentifier") &&
    stream.isPunct(p + 1, ":") &&
    LABELLED.some((keyword) => stream.isWord(p + 2, keyword))
  );
}

class ScriptParser {
  constructor(
    private readonly sql: string,
    private readonly stream: TokenStream,
    /** Position of the end of the script text (trailing `;` excluded). */
    private readonly end: number,
  ) {}

  /** Statements from p up to one of `terminators` at a statement start. */
  block(p: number, terminators: string[]): { body: ScriptStatement[]; next: number } {
    const body: ScriptStatement[] = [];
    let q = p;
    while (!this.stream.isWord(q, ...terminators)) {
      if (q >= this.end) throw this.syntaxError(q);
      const parsed = this.statement(q);
      body.push(parsed.statement);
      q = parsed.next;
    }
    return { body, next: q };
  }

  refuse(what: string): never {
    throw new UntranslatableSqlError(`${what} in SQL scripts are outside the subset`, this.sql);
  }

  /** Databricks' message for a parse error at position p. */
  syntaxError(p: number): WarehouseSqlError {
    const token = p < this.end ? this.stream.at(p) : undefined;
    const near = token === undefined ? "end of input" : `'${token.text}'`;
    return new WarehouseSqlError("PARSE_SYNTAX_ERROR", `Syntax error at or near ${near}.`, "42601");
  }

  private statement(p: number): { statement: ScriptStatement; next: number } {
    const word = this.stream.word(p);
    if (word === "IF") return this.ifStatement(p);
    const scriptingConstruct = word === undefined ? undefined : scriptingOnly.get(word);
    if (scriptingConstruct !== undefined) this.refuse(scriptingConstruct);
    if (isLabel(this.stream, p)) this.refuse("labels");
    let depth = 0;
    for (let q = p; q < this.end; q++) {
      if (this.stream.isPunct(q, "(")) depth++;
      else if (this.stream.isPunct(q, ")")) depth--;
      else if (depth === 0 && this.stream.isPunct(q, ";")) {
        if (q === p) throw this.syntaxError(q);
        return { statement: { kind: "statement", sql: this.text(p, q) }, next: q + 1 };
      }
    }
    throw this.syntaxError(this.end);
  }

  /** IF ... THEN ... { ELSEIF ... THEN ... } [ELSE ...] END IF ; */
  private ifStatement(p: number): { statement: IfStatement; next: number } {
    const { stream } = this;
    const statement: IfStatement = { kind: "if", branches: [] };
    let q = p;
    for (;;) {
      const then = this.then(q + 1);
      const { body, next } = this.nonEmptyBlock(then + 1, ["ELSEIF", "ELSE", "END"]);
      statement.branches.push({ condition: this.text(q + 1, then), body });
      q = next;
      if (!stream.isWord(q, "ELSEIF")) break;
    }
    if (stream.isWord(q, "ELSE")) {
      const { body, next } = this.nonEmptyBlock(q + 1, ["END"]);
      statement.otherwise = body;
      q = next;
    }
    if (!stream.isWord(q + 1, "IF")) throw this.syntaxError(q + 1);
    if (!stream.isPunct(q + 2, ";")) throw this.syntaxError(q + 2);
    return { statement, next: q + 3 };
  }

  private nonEmptyBlock(p: number, terminators: string[]) {
    const block = this.block(p, terminators);
    if (block.body.length === 0) throw this.syntaxError(p);
    return block;
  }

  /** Position of the THEN ending the condition that starts at p (outside parentheses and CASE). */
  private then(p: number): number {
    const { stream } = this;
    let depth = 0;
    let cases = 0;
    for (let q = p; q < this.end; q++) {
      if (stream.isPunct(q, "(")) depth++;
      else if (stream.isPunct(q, ")")) depth--;
      else if (depth > 0 || stream.isPunct(q - 1, ".")) continue;
      else if (stream.isWord(q, "CASE")) cases++;
      else if (stream.isWord(q, "END") && cases > 0) cases--;
      else if (stream.isPunct(q, ";")) throw this.syntaxError(q);
      else if (cases === 0 && stream.isWord(q, "THEN")) {
        if (q === p) throw this.syntaxError(q);
        return q;
      }
    }
    throw this.syntaxError(this.end);
  }

  /** The source text of positions [from, to), comments inside included. */
  private text(from: number, to: number): string {
    const start = this.stream.at(from)?.start ?? this.sql.length;
    const end = this.stream.at(to)?.start ?? this.sql.length;
    return this.sql.slice(start, end).trim();
  }
}
