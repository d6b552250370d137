import { quoteIdentifier, quoteString } from "./names";
import { Token } from "./tokenizer";

const numberSuffixTypes: Record<string, string> = {
  L: "BIGINT",
  S: "SMALLINT",
  Y: "TINYINT",
  D: "DOUBLE",
  F: "FLOAT",
};

/**
 * How an unedited token is written in DuckDB SQL: Databricks string literals (single or double
 * quotes, backslash escapes) become standard single-quoted literals, backticked names become
 * double-quoted names, Spark's typed number literals (10L, 1.5D, 2.50BD) become casts. Comments
 * are kept, except nested ones DuckDB cannot read.
 */
export function renderToken(token: Token): string {
  switch (token.kind) {
    case "string":
      return quoteString(token.value);
    case "quotedIdentifier":
      return quoteIdentifier(token.value);
    case "number":
      return renderNumber(token);
    case "comment":
      return token.text.startsWith("/*") && token.text.indexOf("/*", 2) !== -1 ? " " : token.text;
    default:
      return token.text;
  }
}

function renderNumber(token: Token): string {
  if (token.suffix === "") return token.text;
  if (token.suffix === "BD") {
    const [whole = "", fraction = ""] = token.value.replace(/^\./, "0.").split(".");
    const digits = (whole.replace(/^0+/, "") + fraction).length || 1;
    return `CAST(${token.value} AS DECIMAL(${Math.max(digits, fraction.length)},${fraction.length}))`;
  }
  return `CAST(${token.value} AS ${numberSuffixTypes[token.suffix] ?? "DOUBLE"})`;
}
