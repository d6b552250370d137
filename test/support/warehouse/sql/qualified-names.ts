import { UntranslatableSqlError } from "../sql-errors";
import { TokenStream } from "./token-stream";

export interface QualifiedName {
  /** Name parts as written, unquoted (`main`, `default`, `my table`). */
  parts: string[];
  /** Position just after the name. */
  end: number;
}

/** Reads `a`, `a.b` or `a.b.c` (plain or backticked parts) starting at position p. */
export function readQualifiedName(
  stream: TokenStream,
  p: number,
  statement: string,
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
  if (parts.some((part) => part.toLowerCase() === "information_schema")) {
    throw new UntranslatableSqlError("information_schema views are outside the subset", statement);
  }
  return { parts, end: q };
}
