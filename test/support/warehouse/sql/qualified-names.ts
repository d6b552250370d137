import { UntranslatableSqlError } from "../sql-errors";
import { isInformationSchemaTables } from "./information-schema";
import { TokenStream } from "./token-stream";

export interface QualifiedName {
  /** Name parts as written, unquoted (`main`, `default`, `my table`). */
  parts: string[];
  /** Position just after the name. */
  end: number;
}

/**
 * Reads `a`, `a.b` or `a.b.c` (plain or backticked parts) starting at position p. Names in an
 * information_schema are refused, except `<catalog>.information_schema.tables` when
 * `informationSchemaTables` says the position reads a table (FROM, JOIN).
 */
export function readQualifiedName(
  stream: TokenStream,
  p: number,
  statement: string,
  { informationSchemaTables = false } = {},
): QualifiedName {
  const parts: string[] = [];
  let q = p;
  for (;;) {
    const token = stream.at(q);
    if (token?.kind !== "word" && token?.kind !== "quotedIdentifier") {
      throw new UntranslatableSqlError(
        `expected a name at "${token?.text ?? "end of statement"}"`,
        statement,
      );
    }
    parts.push(token.value);
    q++;
    if (!stream.isPunct(q, ".")) break;
    q++;
  }
  if (parts.length > 3) {
    throw new UntranslatableSqlError(
      `"${parts.join(".")}" has more than three name parts`,
      statement,
    );
  }
  if (
    parts.some((part) => part.toLowerCase() === "information_schema") &&
    !(informationSchemaTables && isInformationSchemaTables(parts))
  ) {
    throw new UntranslatableSqlError(
      "information_schema views other than <catalog>.information_schema.tables (read in FROM or JOIN) are outside the subset",
      statement,
    );
  }
  return { parts, end: q };
}
