import type { MonitorRefresh, RefreshOutput } from "../json-output";
import { paint, textTable, type Colour } from "../output";
import { formatElapsed } from "../progress";
import type { TrackedRefresh } from "./track-refreshes";

const STATUS_COLOUR: Record<MonitorRefresh["status"], Colour> = {
  succeeded: "green",
  started: "green",
  failed: "red",
  "timed-out": "red",
  "not-started": "red",
};

/** The live lines while waiting: one per model with its state and elapsed time. */
export function progressLines(
  stack: string,
  tracked: readonly TrackedRefresh[],
  deadline: number,
): string[] {
  const width = Math.max(...tracked.map((t) => t.model.length), 5);
  const now = Date.now();
  const done = tracked.filter((t) => t.status !== "started").length;
  return [
    `Refreshing the monitors of stack ${stack}: ${done}/${tracked.length} done, timeout in ${formatElapsed(Math.max(0, deadline - now))}`,
    ...tracked.map((t) => {
      const state =
        t.status === "started"
          ? (t.state ?? "PENDING")
          : t.status === "not-started"
            ? "NOT STARTED"
            : (t.state ?? t.status.toUpperCase());
      return `  ${t.model.padEnd(width)}  ${state.padEnd(11)}  ${formatElapsed((t.endedAt ?? now) - t.startedAt)}`;
    }),
  ];
}

export function renderRefreshText(output: RefreshOutput, colour: boolean): string {
  const rows = output.models.map((m) => [
    paint(m.status.toUpperCase(), STATUS_COLOUR[m.status], colour),
    m.model,
    m.refreshId ?? "–",
    `${m.elapsedSeconds.toFixed(1)}s`,
    m.message ?? (m.startedNew ? "" : "followed the refresh already under way"),
  ]);
  const s = output.summary;
  const bad = s.failed + s["timed-out"] + s["not-started"];
  const verdict = output.waited
    ? `${s.succeeded} succeeded, ${s.failed} failed, ${s["timed-out"]} timed out, ${s["not-started"]} not started.`
    : `${s.started} started (not waited for), ${s["not-started"]} not started.`;
  return [
    `Monitor refreshes of stack ${output.stack}:`,
    textTable(["status", "model", "refresh", "elapsed", "message"], rows, colour, [
      null,
      null,
      null,
      null,
      64,
    ]),
    paint(verdict, bad > 0 ? "red" : "green", colour),
  ].join("\n");
}
