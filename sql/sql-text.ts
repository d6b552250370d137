/**
 * Small text helpers for generated SQL. Output must be byte-for-byte stable (golden files),
 * so formatting lives here rather than in ad-hoc template strings.
 */

/**
 * Letters, digits, spaces and plain punctuation (`$` for JSON paths): no quote, backslash or
 * newline, and no semicolon, so even a naive statement splitter sees one statement.
 */
const CONSTANT_TEXT = /^[A-Za-z0-9 ,.:_()/*$-]*$/;

/**
 * A string literal for text written in this repository (column comments, table comment).
 * Config values never come here (see sql/README.md); the check keeps a future edit from
 * adding a quote that would need escaping.
 */
export function constantStringLiteral(text: string): string {
  if (!CONSTANT_TEXT.test(text)) {
    throw new Error(
      `constant SQL text ${JSON.stringify(text)} contains characters we do not quote`,
    );
  }
  return `'${text}'`;
}

/** Indents every non-empty line by `levels` steps of two spaces. */
export function indent(text: string, levels = 1): string {
  const pad = "  ".repeat(levels);
  return text
    .split("\n")
    .map((line) => (line.length > 0 ? pad + line : line))
    .join("\n");
}

/** Joins items as a comma-separated list, one per line. */
export function commaLines(items: readonly string[]): string {
  return items.join(",\n");
}

/** One common table expression of a generated statement: `<name> AS (...)`. */
export interface NamedCte {
  name: string;
  /** The whole `name AS (...)` text, with its leading comment lines. */
  text: string;
}
