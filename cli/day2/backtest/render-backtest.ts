import { formatNumber, formatTime, markdownTable, paint, textTable } from "../output";
import type { BacktestOutput, BacktestReading, BacktestWindowSide } from "./output-schema";

/** backtest as a terminal report and as Markdown a pull request can paste. */

const HEAD = ["model", "severity", "granularity", "window start", "current", "proposed"];

/**
 * Configuration values (column names, statistics) as Markdown text, never as markup: emphasis,
 * code, links and HTML are escaped (table pipes by markdownTable; lines never start with them).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<~&]/g, (c) => `\\${c}`);
}

const reading = (r: BacktestReading) =>
  `${r.column} ${r.statistic} ${r.checkType}: ${formatNumber(r.value)} ${r.comparator} ${formatNumber(r.threshold)}`;
const missingReading = (r: BacktestReading) => `${r.column} ${r.statistic} ${r.checkType}`;

function side(s: BacktestWindowSide | null, escape: (t: string) => string): string {
  if (s === null) return "–";
  if (s.status === "fired") return `FIRED ${s.breaches.map((r) => escape(reading(r))).join("; ")}`;
  if (s.status === "missing")
    return `MISSING ${s.missing.map((r) => escape(missingReading(r))).join("; ")}`;
  return "quiet";
}

/** The windows worth showing: where either side fired or lacked a statistic. */
function rows(output: BacktestOutput, escape: (t: string) => string): string[][] {
  return output.models.flatMap((m) =>
    m.severities.flatMap((s) =>
      s.windows
        .filter((w) => w.current?.status !== "quiet" || w.proposed?.status !== "quiet")
        .filter((w) => w.current !== null || w.proposed !== null)
        .map((w) => [
          escape(m.model),
          s.severity,
          escape(w.granularity),
          formatTime(w.windowStart),
          side(w.current, escape),
          side(w.proposed, escape),
        ]),
    ),
  );
}

function summaryLines(output: BacktestOutput): string[] {
  const per = (x: { fired: number; perWeek: number } | null) =>
    x === null ? "no thresholds" : `${x.fired} window(s), ${formatNumber(x.perWeek)}/week`;
  return output.models.flatMap((m) =>
    m.status !== "ok"
      ? [`${m.model}: ${m.status}: ${m.message ?? ""}`]
      : m.severities.map(
          (s) =>
            `${m.model} ${s.severity}: current ${per(s.current)}; proposed ${per(s.proposed)}${s.overBudget ? " — OVER BUDGET" : ""}`,
        ),
  );
}

function notes(output: BacktestOutput): string[] {
  return [
    ...(output.notReplayed.length > 0
      ? [`not replayed (they depend on when the alert runs): ${output.notReplayed.join(", ")}`]
      : []),
    ...output.problems,
  ];
}

function scope(output: BacktestOutput): string {
  const budget =
    output.maxAlertsPerWeek === null
      ? ""
      : `; budget ${formatNumber(output.maxAlertsPerWeek)} alert(s)/week`;
  return `finished windows from ${formatTime(output.since)} to ${formatTime(output.until)} (${formatNumber(output.days)} days); current: ${output.current}; proposed: ${output.proposed}${budget}`;
}

export function renderBacktestText(output: BacktestOutput, colour: boolean): string {
  const table = rows(output, (t) => t);
  return [
    `Backtest of stack ${output.stack}: ${scope(output)}.`,
    ...output.thresholdChanges.map(
      (c) =>
        `changed: ${c.model} ${c.threshold}: ${c.current === null ? "none" : `${c.current.comparator} ${c.current.value}`} => ${c.proposed === null ? "none" : `${c.proposed.comparator} ${c.proposed.value}`}`,
    ),
    table.length === 0
      ? "No window fired or lacked a statistic."
      : textTable(HEAD, table, colour, [null, null, null, null, 50, 50]),
    ...notes(output).map((n) => paint(`note: ${n}`, "yellow", colour)),
    ...summaryLines(output).map((line) =>
      paint(line, line.includes("OVER BUDGET") ? "red" : undefined, colour),
    ),
  ].join("\n");
}

export function renderBacktestMarkdown(output: BacktestOutput): string {
  const table = rows(output, escapeMarkdown);
  const ref = (r: { comparator: string; value: number } | null) =>
    r === null ? "none" : escapeMarkdown(`${r.comparator} ${formatNumber(r.value)}`);
  return [
    `### Threshold backtest: stack \`${escapeMarkdown(output.stack)}\``,
    "",
    `${escapeMarkdown(scope(output))}.`,
    "",
    ...(output.thresholdChanges.length > 0
      ? [
          markdownTable(
            ["model", "threshold", "current", "proposed"],
            output.thresholdChanges.map((c) => [
              escapeMarkdown(c.model),
              escapeMarkdown(c.threshold),
              ref(c.current),
              ref(c.proposed),
            ]),
          ),
          "",
        ]
      : ["No threshold changes.", ""]),
    ...summaryLines(output).map((line) => `- ${escapeMarkdown(line)}`),
    "",
    ...(table.length > 0
      ? [markdownTable(HEAD, table), ""]
      : ["No window fired or lacked a statistic.", ""]),
    ...notes(output).map((n) => `- ⚠️ ${escapeMarkdown(n)}`),
  ]
    .join("\n")
    .trimEnd();
}
