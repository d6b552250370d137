/**
 * Text for a Markdown table cell: pipes would end the cell, newlines the row, and `<`, `>`,
 * `&` would be read as HTML by GitHub (`<alias "champion": ...>` would vanish as a tag).
 */
export function escapeCell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
}
