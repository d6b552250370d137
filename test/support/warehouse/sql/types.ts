import { UntranslatableSqlError } from "../sql-errors";
import { quoteIdentifier } from "./names";
import { TokenStream } from "./token-stream";
import { tokenize } from "./tokenizer";

/**
 * Databricks data types -> DuckDB types.
 *
 * TIMESTAMP (and TIMESTAMP_LTZ / TIMESTAMP_NTZ) become DuckDB's TIMESTAMP holding UTC wall-clock
 * time: the warehouse session time zone is UTC, so both read the same and CAST(ts AS STRING)
 * prints like Databricks ("2024-01-01 10:00:00", no offset). Results go back to the driver as
 * UTC instants.
 */
const simpleTypes: Record<string, string> = {
  STRING: "VARCHAR",
  VARCHAR: "VARCHAR",
  CHAR: "VARCHAR",
  INT: "INTEGER",
  INTEGER: "INTEGER",
  BIGINT: "BIGINT",
  LONG: "BIGINT",
  SMALLINT: "SMALLINT",
  SHORT: "SMALLINT",
  TINYINT: "TINYINT",
  BYTE: "TINYINT",
  FLOAT: "FLOAT",
  REAL: "FLOAT",
  DOUBLE: "DOUBLE",
  BOOLEAN: "BOOLEAN",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
  TIMESTAMP_LTZ: "TIMESTAMP",
  TIMESTAMP_NTZ: "TIMESTAMP",
  BINARY: "BLOB",
};

export interface ParsedType {
  duckDbType: string;
  /** Position just after the type. */
  end: number;
}

/** Parses the Databricks type starting at position p. */
export function parseDatabricksType(stream: TokenStream, p: number, statement: string): ParsedType {
  const fail = (why: string): never => {
    throw new UntranslatableSqlError(why, statement);
  };
  const name = stream.word(p);
  if (name === undefined) return fail(`expected a data type at "${stream.at(p)?.text ?? "end"}"`);

  if (name === "ARRAY") {
    if (!stream.isPunct(p + 1, "<")) return fail("ARRAY needs an element type: ARRAY<type>");
    const element = parseDatabricksType(stream, p + 2, statement);
    expectAngleClose(stream, element.end, statement);
    return { duckDbType: `${element.duckDbType}[]`, end: element.end + 1 };
  }
  if (name === "MAP") {
    if (!stream.isPunct(p + 1, "<")) return fail("MAP needs key and value types: MAP<k, v>");
    const key = parseDatabricksType(stream, p + 2, statement);
    if (!stream.isPunct(key.end, ",")) return fail("MAP<k, v> expects a comma after the key type");
    const value = parseDatabricksType(stream, key.end + 1, statement);
    expectAngleClose(stream, value.end, statement);
    return { duckDbType: `MAP(${key.duckDbType}, ${value.duckDbType})`, end: value.end + 1 };
  }
  if (name === "STRUCT") {
    if (!stream.isPunct(p + 1, "<")) return fail("STRUCT needs fields: STRUCT<name: type, ...>");
    return parseStructFields(stream, p + 2, statement);
  }
  if (name === "DECIMAL" || name === "DEC" || name === "NUMERIC") {
    // Spark's default is DECIMAL(10,0); DuckDB's is DECIMAL(18,3), so always spell it out.
    if (!stream.isPunct(p + 1, "(")) return { duckDbType: "DECIMAL(10,0)", end: p + 1 };
    const close = stream.closingParen(p + 1);
    const args: string[] = [];
    for (let q = p + 2; q < close; q++) {
      const token = stream.at(q);
      if (token?.kind === "number") args.push(token.value);
    }
    const [precision = "10", scale = "0"] = args;
    if (Number(precision) > 38) fail(`DECIMAL precision ${precision} is above 38`);
    return { duckDbType: `DECIMAL(${precision},${scale})`, end: close + 1 };
  }
  const simple = simpleTypes[name];
  if (simple === undefined) return fail(`data type ${name} is outside the supported subset`);
  // VARCHAR(n) / CHAR(n): DuckDB ignores lengths, Databricks enforces them; keep it simple.
  if ((name === "VARCHAR" || name === "CHAR") && stream.isPunct(p + 1, "(")) {
    return { duckDbType: simple, end: stream.closingParen(p + 1) + 1 };
  }
  return { duckDbType: simple, end: p + 1 };
}

function parseStructFields(stream: TokenStream, p: number, statement: string): ParsedType {
  const fields: string[] = [];
  let q = p;
  while (!stream.isPunct(q, ">")) {
    const nameToken = stream.at(q);
    if (nameToken?.kind !== "word" && nameToken?.kind !== "quotedIdentifier") {
      throw new UntranslatableSqlError("expected a STRUCT field name", statement);
    }
    q++;
    if (stream.isPunct(q, ":")) q++;
    const fieldType = parseDatabricksType(stream, q, statement);
    q = fieldType.end;
    const field = `${quoteIdentifier(nameToken.value)} ${fieldType.duckDbType}`;
    if (stream.isWord(q, "NOT") && stream.isWord(q + 1, "NULL")) {
      // DuckDB has no NOT NULL on struct fields; Databricks enforces it. Documented gap.
      q += 2;
    }
    if (stream.isWord(q, "COMMENT") && stream.at(q + 1)?.kind === "string") q += 2;
    fields.push(field);
    if (stream.isPunct(q, ",")) q++;
    else if (!stream.isPunct(q, ">")) {
      throw new UntranslatableSqlError("expected ',' or '>' in STRUCT<...>", statement);
    }
  }
  return { duckDbType: `STRUCT(${fields.join(", ")})`, end: q + 1 };
}

function expectAngleClose(stream: TokenStream, p: number, statement: string): void {
  if (!stream.isPunct(p, ">"))
    throw new UntranslatableSqlError("expected '>' to close a type", statement);
}

/** Translates a whole type given as text, e.g. a parameter's declared type or a seed column. */
export function duckDbTypeFor(databricksType: string): string {
  const stream = new TokenStream(tokenize(databricksType));
  const parsed = parseDatabricksType(stream, 0, databricksType);
  if (parsed.end !== stream.length) {
    throw new UntranslatableSqlError(`unexpected text after the type`, databricksType);
  }
  return parsed.duckDbType;
}
