/**
 * Renames the named parameter markers (`:name`) of a Databricks SQL statement, so several
 * statements that use the same marker names can run as one (UNION ALL) with their own values:
 * `:model` in the third part becomes `:model_2`. Only markers change: string literals, quoted
 * names, comments and `::` casts are read past, never rewritten. A marker that is not in the
 * mapping is an error, so a new marker in the source statement cannot go unbound unnoticed.
 */
export function renameParameterMarkers(
  sql: string,
  rename: Readonly<Record<string, string>>,
): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const char = sql[i] as string;
    const next = sql[i + 1];
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    if (char === ":" && next === ":") {
      out += "::"; // a cast, not a marker
      i += 2;
      continue;
    }
    if (char === ":" && next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))?.[0] ?? "";
      const renamed = rename[name];
      if (renamed === undefined) {
        throw new Error(
          `unexpected parameter marker :${name} (known: ${Object.keys(rename)
            .map((n) => `:${n}`)
            .join(", ")})`,
        );
      }
      out += `:${renamed}`;
      i += 1 + name.length;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

/** The index just past a string literal, quoted name or comment starting at `start`; else `start`. */
function skipQuotedOrComment(sql: string, start: number): number {
  const char = sql[start];
  if (char === "-" && sql[start + 1] === "-") {
    const end = sql.indexOf("\n", start);
    return end === -1 ? sql.length : end;
  }
  if (char === "/" && sql[start + 1] === "*") {
    const end = sql.indexOf("*/", start + 2);
    if (end === -1) throw new Error("unterminated /* comment in SQL");
    return end + 2;
  }
  if (char === "`") return closing(sql, start, "`", false);
  if (char === "'" || char === '"') {
    // r'...' is a raw string: a backslash escapes nothing.
    const raw =
      start > 0 &&
      /[rR]/.test(sql[start - 1] as string) &&
      !/[A-Za-z0-9_]/.test(sql[start - 2] ?? " ");
    return closing(sql, start, char, !raw);
  }
  return start;
}

/** Past the closing quote; a doubled quote and (in escaping strings) a backslash escape are read past. */
function closing(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === "\\") {
      i += 2;
      continue;
    }
    if (char === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  throw new Error(`unterminated ${quote} in SQL`);
}
