import type { ModelValidation, ValidateOutput, ValidationCheck } from "../json-output";
import { formatShare, paint, textTable, type Colour } from "../output";

/** One row per model (a mark or the measured value per check), then every failure spelled out. */

const STATUS_COLOUR: Record<ValidationCheck["status"], Colour> = {
  pass: "green",
  fail: "red",
  waiting: "yellow",
  skipped: "dim",
};
const VERDICT_COLOUR: Record<ModelValidation["verdict"], Colour> = {
  pass: "green",
  fail: "red",
  waiting: "yellow",
};

const COLUMNS: Array<{
  head: string;
  check: ValidationCheck["check"];
  show: (c: ValidationCheck) => string;
}> = [
  { head: "payload table", check: "payload-table", show: mark },
  { head: "processed table", check: "processed-table", show: mark },
  { head: "schema", check: "processed-schema", show: mark },
  { head: "payload age", check: "payload-freshness", show: hours },
  { head: "processed age", check: "processed-freshness", show: hours },
  { head: "failed", check: "failed-requests", show: share },
  { head: "unparsed", check: "unparsed-rows", show: share },
];

function mark(check: ValidationCheck): string {
  if (check.status === "waiting") return "not yet";
  return check.status === "pass" ? "ok" : check.status === "fail" ? "FAIL" : "–";
}
function hours(check: ValidationCheck): string {
  if (check.value === null) return check.status === "skipped" ? "–" : mark(check);
  return `${check.value.toFixed(1)} h`;
}
function share(check: ValidationCheck): string {
  return check.value === null ? mark(check) : formatShare(check.value);
}

function cell(model: ModelValidation, column: (typeof COLUMNS)[number], colour: boolean): string {
  const check = model.checks.find((c) => c.check === column.check);
  return check === undefined ? "–" : paint(column.show(check), STATUS_COLOUR[check.status], colour);
}

export function renderValidationText(output: ValidateOutput, colour: boolean): string {
  const rows = output.models.map((model) => [
    model.model,
    paint(model.verdict.toUpperCase(), VERDICT_COLOUR[model.verdict], colour),
    ...COLUMNS.map((column) => cell(model, column, colour)),
  ]);
  const failures = output.models
    .filter((model) => model.verdict !== "pass")
    .flatMap((model) => [
      `${model.model}:`,
      ...model.checks
        .filter((c) => c.status === "fail" || c.status === "waiting")
        .map((c) =>
          c.status === "fail"
            ? `  ${paint("✗", "red", colour)} ${c.check}: ${c.detail}`
            : `  ${paint("…", "yellow", colour)} ${c.check}: ${c.detail}`,
        ),
    ]);
  const { passed, failed, waiting } = output.summary;
  const waitingText = waiting === 0 ? "" : ` ${waiting} waiting for their first request.`;
  return [
    `Inference tables of stack ${output.stack} (failed and unparsed shares over the last ${output.days} day(s)):`,
    textTable(["model", "verdict", ...COLUMNS.map((c) => c.head)], rows, colour),
    ...failures,
    paint(
      failed > 0
        ? `${failed} model(s) fail, ${passed} pass.${waitingText}`
        : waiting > 0
          ? `${passed} model(s) pass.${waitingText}`
          : `All ${passed} model(s) pass.`,
      failed === 0 ? "green" : "red",
      colour,
    ),
  ].join("\n");
}
