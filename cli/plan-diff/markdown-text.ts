/**
 * Configuration values inside a PR comment: a value may hold backticks, pipes, `<tag>`s,
 * `@team` mentions or control characters, none of which may change the comment's layout.
 */

// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Control characters shown as visible escapes (`\n`, `\u001b`), never as layout. */
export function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A value as an inline code span: the fence is one backtick longer than the longest run of
 * backticks inside, so the value cannot close it; HTML, pipes and `@` are literal there.
 */
export function code(value: string): string {
  const text = visibleControls(value);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Plain prose from configuration (names, messages): Markdown and HTML characters escaped. */
export function plain(value: string): string {
  // Markdown first, then HTML entities (their `&` and `#` must stay), then control characters.
  const escaped = value
    .replace(/([\\`*_[\]|~#])/g, "\\$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "&#64;");
  return visibleControls(escaped);
}
