import { markdownTable, paint, textTable, type Colour } from "../output";
import type { PreflightCheck, PreflightOutput } from "./output-schema";

/** One row per check and object, worst first, the fix under the detail; then the totals. */

const COLOUR: Record<PreflightCheck["status"], Colour> = {
  fail: "red",
  unknown: "yellow",
  warn: "yellow",
  pass: "green",
  skipped: "dim",
};

const HEAD = ["status", "check", "model", "object", "detail"];

function cells(check: PreflightCheck): string[] {
  const detail = check.fix === null ? check.detail : `${check.detail}\n→ ${check.fix}`;
  return [check.status.toUpperCase(), check.check, check.model ?? "–", check.subject, detail];
}

function who(output: PreflightOutput): string {
  const identity = output.identity;
  if (identity === null) return "";
  const kind = identity.kind === "user" ? "user" : "service principal";
  return ` as ${kind} ${identity.userName}`;
}

function totals(output: PreflightOutput): string {
  const { fail, unknown, warn, pass, skipped } = output.summary;
  const verdict =
    output.exitCode === 1
      ? "pulumi up would fail or do harm: fix the failed checks first."
      : output.exitCode === 2
        ? "Nothing failed, but some checks could not be made."
        : "Ready for pulumi up.";
  return (
    `${fail} failed, ${unknown} unknown, ${warn} warnings, ${pass} passed, ${skipped} skipped. ${verdict}\n` +
    `Cost: ${output.requests} REST requests, ${output.sqlStatements} SQL statements.`
  );
}

export function renderPreflightText(output: PreflightOutput, colour: boolean): string {
  const rows = output.checks.map((check) => {
    const [status = "", ...rest] = cells(check);
    return [paint(status, COLOUR[check.status], colour), ...rest];
  });
  return [
    `Preflight of stack ${output.stack}${who(output)}${output.stateFile === null ? "" : ` (state: ${output.stateFile})`}:`,
    textTable(HEAD, rows, colour, [9, 18, 16, 44, 70]),
    paint(
      totals(output),
      output.exitCode === 0 ? "green" : output.exitCode === 1 ? "red" : "yellow",
      colour,
    ),
  ].join("\n");
}

export function renderPreflightMarkdown(output: PreflightOutput): string {
  const rows = output.checks.map((check) => {
    const [status = "", check_, model = "", subject = "", detail = ""] = cells(check);
    return [`**${status}**`, check_ ?? "", model, `\`${subject}\``, detail.replace("\n→ ", " → ")];
  });
  return [
    `### Preflight of stack \`${output.stack}\`${who(output)}`,
    "",
    markdownTable(HEAD, rows),
    "",
    totals(output).replace("\n", " "),
  ].join("\n");
}
