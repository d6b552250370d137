/**
 * Text from configuration in Markdown output (a pull-request comment, a ticket). Every control
 * character becomes a visible escape (`\u001b`): a terminal escape or NUL has no business in a
 * comment, and a carriage return or form feed could break the layout. Backticks are escaped so
 * that a value cannot open or close a code span or fence.
 */

/** Control characters (C0, DEL, C1) other than the newline, which callers handle. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

function visibleControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Text for a Markdown table cell or a line: pipes would end the cell, newlines the row, and `<`,
 * `>`, `&` would be read as HTML by GitHub (`<alias "champion": ...>` would vanish as a tag).
 */
export function escapeCell(text: string): string {
  return visibleControls(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "\\`")
    .replace(/\r?\n/g, " ");
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** An inline code span that holds `text` whatever backticks it contains. */
export function codeSpan(text: string): string {
  const clean = visibleControls(text).replace(/\r?\n/g, " ");
  const fence = "`".repeat(longestBacktickRun(clean) + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** A fenced code block that `text` cannot end early: its fence is longer than any run inside. */
export function codeFence(text: string, language = ""): string[] {
  const clean = text
    .replace(/\r\n/g, "\n")
    .replace(CONTROL, (c) => (c === "\t" ? c : visibleControls(c)));
  const fence = "`".repeat(Math.max(3, longestBacktickRun(clean) + 1));
  return [`${fence}${language}`, clean, fence];
}
