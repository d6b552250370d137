import { alertQueryTables } from "../../core/alert-spec";
import { DRIFT_TYPES } from "../../core/enums";
import type { ThresholdRow } from "../../core/threshold-rows";
import { DATA_QUALITY } from "../../core/threshold-rows";
import type { TableName } from "../../core/types";
import { runBatched } from "../day2/batched-statements";
import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import { backtestOutput, type BacktestOutput } from "../day2/backtest/output-schema";
import {
  profileHistoryStatement,
  type ProfileHistoryRow,
} from "../day2/backtest/profile-history-sql";
import { proposedThresholds } from "../day2/backtest/proposed-thresholds";
import { renderBacktestMarkdown, renderBacktestText } from "../day2/backtest/render-backtest";
import { replayHistory, type ReplayModel } from "../day2/backtest/replay-history";
import { thresholdChanges } from "../day2/backtest/threshold-changes";
import { deployedThresholds } from "../day2/drift/deployed-thresholds";
import {
  driftStatisticsStatement,
  thresholdedSelection,
  type DriftStatisticsRow,
} from "../day2/drift/drift-statistics-sql";
import { EXIT, type ExitCode } from "../day2/exit-codes";
import { statementFailureMessage } from "../day2/failures";
import { orNotConcluded } from "../day2/not-concluded";
import { jsonText } from "../day2/output";
import { missingMetricTables } from "../day2/stage/no-data-yet";

/**
 * `backtest`: what the current thresholds (the deployed thresholds table, what the alerts
 * compare with) fired on over the last `--days`, and what the proposed ones (this checkout, a
 * file or a git ref) would have fired on, per model, severity and finished window. Three
 * statements whatever the number of models: the thresholds table, every drift metrics table,
 * every profile metrics table (each batched like analyze-drift). Exit 1 when the proposed
 * thresholds would page more than `--max-alerts-per-week`, 2 when it cannot conclude.
 */

export interface BacktestOptions extends Day2Options {
  days: number;
  thresholdsFrom?: string;
  maxAlertsPerWeek?: number;
  markdown?: boolean;
}

const DAY_MS = 86_400_000;

export async function backtest(run: Day2Run, options: BacktestOptions): Promise<Day2Result> {
  const { models } = run.context;
  const until = new Date();
  const since = new Date(until.getTime() - options.days * DAY_MS);
  // The proposed side needs no workspace: a bad file or ref stops the run before any statement.
  const proposed = proposedThresholds(run.context, options.thresholdsFrom, process.cwd());
  const runner = run.connection.sql();
  const tables = models.map((spec) => alertQueryTables(spec));
  const indexes = models.map((_, index) => index);
  const parts = (what: string) => models.map((spec) => `${spec.name}: ${what}`);

  const problems: string[] = [];
  const deployed = await run.progress.task("Reading the thresholds table", () =>
    orNotConcluded(
      `the deployed thresholds of ${models.length} model(s)`,
      parts("its deployed thresholds"),
      [],
      () => deployedThresholds(run, models, problems, [...DRIFT_TYPES, DATA_QUALITY]),
    ),
  );
  const current = new Map<string, ThresholdRow[]>();
  for (const { model, ...row } of deployed)
    current.set(model, [...(current.get(model) ?? []), row]);

  const everyRow = [...current.values(), ...proposed.rows.values()].flat();
  const selection = problems.length > 0 ? {} : thresholdedSelection(everyRow);
  const drift = await run.progress.task(
    `Reading the drift metrics of ${models.length} model(s)`,
    () =>
      orNotConcluded(
        `the drift history of ${models.length} model(s)`,
        parts("its drift history"),
        ["the deployed thresholds"],
        () =>
          runBatched<DriftStatisticsRow>(
            runner,
            indexes,
            (subset) =>
              driftStatisticsStatement(
                tables.map((t) => t.driftMetricsTable),
                subset,
                { ...selection, since },
              ),
            (index) => [(tables[index] as { driftMetricsTable: TableName }).driftMetricsTable],
          ),
      ),
  );
  const profile = await run.progress.task(
    `Reading the profile metrics of ${models.length} model(s)`,
    () =>
      orNotConcluded(
        `the profile history of ${models.length} model(s)`,
        parts("its profile history"),
        ["the deployed thresholds", "the drift history"],
        () =>
          runBatched<ProfileHistoryRow>(
            runner,
            indexes,
            (subset) =>
              profileHistoryStatement(
                tables.map((t) => t.profileMetricsTable),
                subset,
                since,
              ),
            (index) => [(tables[index] as { profileMetricsTable: TableName }).profileMetricsTable],
          ),
      ),
  );

  const replayModels = models.map((spec, index): ReplayModel => {
    const failure = drift.failures.get(index) ?? profile.failures.get(index);
    if (failure === undefined) return { model: spec.name };
    const missing = missingMetricTables(spec, failure);
    return missing !== undefined
      ? { model: spec.name, waiting: `no data yet: ${missing}` }
      : { model: spec.name, failure: statementFailureMessage(failure) };
  });
  const replay = replayHistory({
    models: replayModels,
    drift: drift.rows,
    profile: profile.rows,
    current,
    proposed: proposed.rows,
    weeks: options.days / 7,
    ...(options.maxAlertsPerWeek === undefined
      ? {}
      : { maxAlertsPerWeek: options.maxAlertsPerWeek }),
  });
  const allProblems = [...problems, ...replay.problems];
  const exitCode = verdict(replay.models, problems.length > 0, options.maxAlertsPerWeek);
  const output: BacktestOutput = {
    command: "backtest",
    stack: run.context.stack,
    ok: exitCode === EXIT.ok,
    exitCode,
    since: since.toISOString(),
    until: until.toISOString(),
    days: options.days,
    maxAlertsPerWeek: options.maxAlertsPerWeek ?? null,
    current: "the deployed thresholds table (what the alerts compare with)",
    proposed: proposed.source,
    thresholdChanges: thresholdChanges(
      models.map((m) => m.name),
      current,
      proposed.rows,
    ),
    notReplayed: replay.notReplayed,
    problems: allProblems,
    models: replay.models,
    sqlStatements: run.connection.statementsSent(),
  };
  const text = options.json
    ? jsonText(backtestOutput, output)
    : options.markdown
      ? renderBacktestMarkdown(output)
      : renderBacktestText(output, run.colour);
  return { exitCode, output: text };
}

/**
 * 1: some alert would page more than the budget (a conclusion, whatever else is unknown);
 * 2: a history or the current thresholds could not be read, or with a budget, some model has
 * no window to judge it by; 0 otherwise.
 */
function verdict(
  models: BacktestOutput["models"],
  thresholdsUnreadable: boolean,
  budget: number | undefined,
): ExitCode {
  if (models.some((m) => m.severities.some((s) => s.overBudget))) return EXIT.failed;
  if (thresholdsUnreadable || models.some((m) => m.status === "error")) return EXIT.unusable;
  if (budget !== undefined && models.some((m) => m.status === "no-metrics")) return EXIT.unusable;
  return EXIT.ok;
}
