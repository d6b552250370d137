import { alertQueryTables } from "../../core/alert-spec";
import type { ModelSpec } from "../../config/model-spec";
import { formatTableName } from "../../core/names";
import type { TableName } from "../../core/types";
import { runBatched } from "../day2/batched-statements";
import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import { buildDriftReport, type Threshold } from "../day2/drift/drift-report";
import {
  driftStatisticsStatement,
  thresholdedSelection,
  type DriftStatisticsRow,
} from "../day2/drift/drift-statistics-sql";
import { renderDriftMarkdown, renderDriftText } from "../day2/drift/render-drift";
import { deployedThresholds } from "../day2/drift/deployed-thresholds";
import { EXIT } from "../day2/exit-codes";
import { statementFailureMessage } from "../day2/failures";
import { orNotConcluded } from "../day2/not-concluded";
import { missingMetricTables } from "../day2/stage/no-data-yet";
import { driftOutput, type DriftOutput } from "../day2/json-output";
import { jsonText } from "../day2/output";

/**
 * `analyze-drift`: per model and column, the drift statistics of the latest finished window
 * (or every window since `--since`) next to their warning and critical thresholds, breaches
 * first. Two statements whatever the number of models: one over the thresholds table, then
 * one over every model's drift metrics table reading just the statistics that have thresholds.
 */

export interface DriftOptions extends Day2Options {
  since?: Date;
  thresholdsFrom: "table" | "config";
  allStatistics?: boolean;
  breachesOnly?: boolean;
  markdown?: boolean;
}

export async function analyzeDrift(run: Day2Run, options: DriftOptions): Promise<Day2Result> {
  const { models } = run.context;
  const runner = run.connection.sql();
  const tables = models.map((spec) => alertQueryTables(spec).driftMetricsTable);
  const indexes = models.map((_, index) => index);

  const problems: string[] = [];
  // Thresholds first: they say which statistics and drift types the drift statement must read.
  const thresholds =
    options.thresholdsFrom === "config"
      ? configuredThresholds(models)
      : await run.progress.task("Reading the thresholds table", () =>
          orNotConcluded(
            `the deployed thresholds and drift statistics of ${models.length} model(s)`,
            models.flatMap((spec) => [
              `${spec.name}: its deployed thresholds`,
              `${spec.name}: its drift statistics`,
            ]),
            [],
            () => deployedThresholds(run, models, problems),
          ),
        );
  const selection =
    options.allStatistics || problems.length > 0 ? {} : thresholdedSelection(thresholds);
  const statistics = await run.progress.task(
    `Reading the drift metrics of ${models.length} model(s)`,
    () =>
      orNotConcluded(
        `the drift statistics of ${models.length} model(s)`,
        models.map((spec) => `${spec.name}: its drift statistics`),
        options.thresholdsFrom === "config" ? [] : ["the deployed thresholds of every model"],
        () =>
          runBatched<DriftStatisticsRow>(
            runner,
            indexes,
            (subset) =>
              driftStatisticsStatement(tables, subset, {
                ...selection,
                ...(options.since ? { since: options.since } : {}),
              }),
            (index) => [tables[index] as TableName],
          ),
      ),
  );

  const report = buildDriftReport(
    models.map((spec, index) => {
      const failure = statistics.failures.get(index);
      // A metric table the monitor has not written yet: no data yet, not a failure.
      const missing = failure === undefined ? undefined : missingMetricTables(spec, failure);
      const waiting = missing === undefined ? undefined : `no data yet: ${missing}`;
      return {
        model: spec.name,
        driftMetricsTable: formatTableName(tables[index] as TableName),
        ...(waiting !== undefined
          ? { waiting }
          : failure === undefined
            ? {}
            : { failure: statementFailureMessage(failure) }),
      };
    }),
    statistics.rows,
    thresholds,
    { allStatistics: options.allStatistics },
  );
  const count = (status: string) => report.rows.filter((r) => r.status === status).length;
  const summary = {
    critical: count("critical"),
    warning: count("warning"),
    ok: count("ok"),
    noData: count("no-data"),
  };
  const allProblems = [...problems, ...report.problems];
  const failed =
    summary.critical + summary.warning > 0 ||
    report.models.some((m) => m.status === "error") ||
    allProblems.length > 0;
  const exitCode = failed ? EXIT.failed : EXIT.ok;
  const output: DriftOutput = {
    command: "analyze-drift",
    stack: run.context.stack,
    ok: !failed,
    exitCode,
    since: options.since?.toISOString() ?? null,
    thresholdsFrom: options.thresholdsFrom,
    summary,
    problems: allProblems,
    models: report.models,
    rows: options.breachesOnly
      ? report.rows.filter((r) => r.status === "critical" || r.status === "warning")
      : report.rows,
    sqlStatements: run.connection.statementsSent(),
  };
  const text = options.json
    ? jsonText(driftOutput, output)
    : options.markdown
      ? renderDriftMarkdown(output)
      : renderDriftText(output, run.colour);
  return { exitCode, output: text };
}

/** The drift thresholds as this checkout would deploy them. */
function configuredThresholds(models: readonly ModelSpec[]): Threshold[] {
  return models.flatMap((spec) => spec.thresholds.map((t) => ({ model: spec.name, ...t })));
}
