import type { CheckOutput, ThresholdCheck } from "../json-output";
import { paint, textTable, type Colour } from "../output";

const STATUS_COLOUR: Record<ThresholdCheck["status"], Colour> = {
  ok: "green",
  triggered: "red",
  error: "red",
  "no-data": "yellow",
};
const STATUS_TEXT: Record<ThresholdCheck["status"], string> = {
  ok: "OK",
  triggered: "BREACH",
  error: "ERROR",
  "no-data": "NO DATA",
};

export function renderChecksText(output: CheckOutput, colour: boolean): string {
  const rows = output.checks.map((check) => [
    paint(STATUS_TEXT[check.status], STATUS_COLOUR[check.status], colour),
    check.model,
    check.severity,
    check.violations === null ? "–" : String(check.violations),
    check.message ?? (check.breaches.join("\n") || "–"),
  ]);
  const { ok, triggered, error, noData } = output.summary;
  const waiting = noData === 0 ? "" : ` ${noData} OK without data yet (no request or no window).`;
  const verdict =
    triggered + error === 0
      ? paint(`All ${ok + noData} alert(s) OK.${waiting}`, "green", colour)
      : paint(
          `${triggered} alert(s) would trigger, ${error} could not be evaluated, ${ok} OK.${waiting}`,
          "red",
          colour,
        );
  return [
    `Thresholds of stack ${output.stack}, evaluated ${output.evaluatedAt} with the alerts' own queries:`,
    textTable(["status", "model", "severity", "violations", "breaches"], rows, colour, [
      null,
      null,
      null,
      null,
      72,
    ]),
    verdict,
  ].join("\n");
}
