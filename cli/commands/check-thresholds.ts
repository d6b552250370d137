import type { Severity } from "../../core/enums";
import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import { EXIT } from "../day2/exit-codes";
import { checkOutput, type CheckOutput } from "../day2/json-output";
import { jsonText } from "../day2/output";
import { alertChecks } from "../day2/thresholds/alert-batch";
import { evaluateAlerts } from "../day2/thresholds/evaluate-alerts";
import { renderChecksText } from "../day2/thresholds/render-checks";

/**
 * `check-thresholds`: runs, now, the query each of the stack's alerts runs on its schedule
 * (drift and data-quality thresholds from the deployed thresholds table against the latest
 * metric windows) and reads the result as the alert does. Exit 1 when any alert would trigger
 * or cannot be evaluated: a gate for CI, and a way to try alert logic before it pages anyone.
 */

export interface CheckOptions extends Day2Options {
  severity?: Severity;
}

export async function checkThresholds(run: Day2Run, options: CheckOptions): Promise<Day2Result> {
  const checks = alertChecks(run.context.models, options.severity);
  const runner = run.connection.sql();
  const evaluatedAt = new Date().toISOString();
  const results = await run.progress.task(
    `Evaluating ${checks.length} alert queries of ${run.context.models.length} model(s)`,
    () => evaluateAlerts(runner, checks),
  );
  const count = (status: string) => results.filter((r) => r.status === status).length;
  // No data yet is not a failure: the alert is OK and says so.
  const failed = results.some((r) => r.status === "triggered" || r.status === "error");
  const exitCode = failed ? EXIT.failed : EXIT.ok;
  const output: CheckOutput = {
    command: "check-thresholds",
    stack: run.context.stack,
    ok: !failed,
    exitCode,
    evaluatedAt,
    summary: {
      ok: count("ok"),
      triggered: count("triggered"),
      error: count("error"),
      noData: count("no-data"),
    },
    checks: results,
    sqlStatements: run.connection.statementsSent(),
  };
  return {
    exitCode,
    output: options.json ? jsonText(checkOutput, output) : renderChecksText(output, run.colour),
  };
}
