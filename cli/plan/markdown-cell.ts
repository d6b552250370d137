/**
 * Text from configuration in Markdown output (the plan, the PR diff, a ticket). Every control
 * character becomes a visible escape (`\n`, `\t`, `\u001b`): a terminal escape or NUL has no
 * business in a comment, and a carriage return, form feed or Unicode line separator could break
 * the layout. Backticks are escaped, or fenced, so that a value cannot open or close a code span.
 */

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Control characters as visible escapes; with "keep", newlines stay for the caller to handle. */
export function visibleControls(text: string, newlines: "escape" | "keep" = "escape"): string {
  return text.replace(CONTROL, (c) => {
    if (c === "\n") return newlines === "keep" ? c : "\\n";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * Text for a Markdown table cell or a line: pipes would end the cell, newlines the row, and `<`,
 * `>`, `&` would be read as HTML by GitHub (`<alias "champion": ...>` would vanish as a tag).
 */
export function escapeCell(text: string): string {
  return visibleControls(text, "keep")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/\n/g, " ");
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** An inline code span around text without control characters: its fence outlasts any inside. */
export function spanAround(clean: string): string {
  const fence = "`".repeat(longestBacktickRun(clean) + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") || clean === "" ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** An inline code span that holds `text` whatever backticks it contains; newlines become spaces. */
export function codeSpan(text: string): string {
  return spanAround(visibleControls(text, "keep").replace(/\n/g, " "));
}

/** A fenced code block that `text` cannot end early: its fence is longer than any run inside. */
export function codeFence(text: string, language = ""): string[] {
  const clean = text
    .replace(/\r\n/g, "\n")
    .replace(CONTROL, (c) => (c === "\t" || c === "\n" ? c : visibleControls(c)));
  const fence = "`".repeat(Math.max(3, longestBacktickRun(clean) + 1));
  return [`${fence}${language}`, clean, fence];
}
