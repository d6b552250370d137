import type { DriftOutput, DriftRow } from "../json-output";
import { formatNumber, formatTime, markdownTable, paint, textTable, type Colour } from "../output";

/** analyze-drift as a terminal table and as Markdown for a pull request or a ticket. */

const HEAD = [
  "status",
  "model",
  "column",
  "statistic",
  "drift",
  "granularity",
  "window start",
  "value",
  "warning",
  "critical",
];

const STATUS_COLOUR: Partial<Record<DriftRow["status"], Colour>> = {
  critical: "red",
  warning: "yellow",
  ok: "green",
  "no-data": "dim",
};
const STATUS_MARK: Record<DriftRow["status"], string> = {
  critical: "🔴 critical",
  warning: "🟠 warning",
  ok: "✅ ok",
  "no-data": "⚪ no data",
  "no-threshold": "· no threshold",
};

const limit = (t: DriftRow["warning"]) =>
  t === null ? "–" : `${t.comparator} ${formatNumber(t.value)}`;

function cells(row: DriftRow, status: string, value: string): string[] {
  return [
    status,
    row.model,
    row.column,
    row.statistic,
    row.driftType,
    row.granularity ?? "–",
    formatTime(row.windowStart),
    value,
    limit(row.warning),
    limit(row.critical),
  ];
}

function scope(output: DriftOutput): string {
  const windows =
    output.since === null ? "latest finished window" : `windows since ${formatTime(output.since)}`;
  const source =
    output.thresholdsFrom === "table"
      ? "the deployed thresholds table"
      : "the configuration (not deployed)";
  return `${windows} of each granularity and drift type; thresholds from ${source}`;
}

function summaryLine(output: DriftOutput): string {
  const { critical, warning, ok, noData } = output.summary;
  return `${critical} critical, ${warning} warning, ${ok} ok, ${noData} without data`;
}

function modelNotes(output: DriftOutput): string[] {
  return [
    ...output.models
      .filter((m) => m.message !== null)
      .map((m) => `${m.model}: ${m.status === "error" ? "could not be read: " : ""}${m.message}`),
    ...output.problems,
  ];
}

export function renderDriftText(output: DriftOutput, colour: boolean): string {
  const rows = output.rows.map((row) => {
    const paintRow = STATUS_COLOUR[row.status];
    const breach = row.status === "critical" || row.status === "warning";
    return cells(
      row,
      paint(row.status.toUpperCase(), paintRow, colour),
      paint(formatNumber(row.value), breach ? paintRow : undefined, colour),
    );
  });
  const notes = modelNotes(output);
  const breached = output.summary.critical + output.summary.warning > 0;
  return [
    `Drift of stack ${output.stack}: ${scope(output)}.`,
    rows.length === 0 ? "No drift statistics with thresholds." : textTable(HEAD, rows, colour),
    ...notes.map((note) => paint(`note: ${note}`, "yellow", colour)),
    paint(summaryLine(output), breached ? "red" : "green", colour),
  ].join("\n");
}

export function renderDriftMarkdown(output: DriftOutput): string {
  const breaches = output.rows.filter((r) => r.status === "critical" || r.status === "warning");
  const rest = output.rows.filter((r) => r.status !== "critical" && r.status !== "warning");
  const table = (rows: DriftRow[]) =>
    markdownTable(
      HEAD,
      rows.map((row) =>
        cells(
          row,
          STATUS_MARK[row.status],
          row.status === "critical" || row.status === "warning"
            ? `**${formatNumber(row.value)}**`
            : formatNumber(row.value),
        ),
      ),
    );
  const notes = modelNotes(output);
  return [
    `### Drift: stack \`${output.stack}\``,
    "",
    `**${summaryLine(output)}** — ${scope(output)}.`,
    "",
    ...(breaches.length > 0 ? [table(breaches), ""] : ["No threshold is breached.", ""]),
    ...(notes.length > 0 ? [...notes.map((note) => `- ⚠️ ${note}`), ""] : []),
    ...(rest.length > 0
      ? [
          `<details><summary>${rest.length} statistic(s) within their thresholds or without data</summary>`,
          "",
          table(rest),
          "",
          "</details>",
        ]
      : []),
  ]
    .join("\n")
    .trimEnd();
}
