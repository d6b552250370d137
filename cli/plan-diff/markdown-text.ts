import { spanAround, visibleControls } from "../plan/markdown-cell";

/**
 * Configuration values inside a PR comment: a value may hold backticks, pipes, `<tag>`s,
 * `@team` mentions or control characters, none of which may change the comment's layout. The
 * escaping itself is the plan's (cli/plan/markdown-cell.ts); a diff line keeps newlines visible.
 */

/** A value as an inline code span, newlines shown as `\n`; HTML, pipes and `@` are literal there. */
export function code(value: string): string {
  return spanAround(visibleControls(value));
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
