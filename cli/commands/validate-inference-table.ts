import { processedTableSpecOf } from "../../core/processed-table-spec";
import { formatTableName } from "../../core/names";
import { runBatched } from "../day2/batched-statements";
import { mapLimit } from "../day2/chunks";
import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import { EXIT } from "../day2/exit-codes";
import { fatalProblem, statementFailureMessage } from "../day2/failures";
import { notConcludedError, orNotConcluded, type Unconcluded } from "../day2/not-concluded";
import { validateOutput, type ModelValidation, type ValidateOutput } from "../day2/json-output";
import { jsonText } from "../day2/output";
import {
  inferenceStatsStatement,
  type InferenceStatsRow,
} from "../day2/validate/inference-stats-sql";
import { renderValidationText } from "../day2/validate/render-validation";
import { lookUpTable } from "../day2/validate/table-info";
import {
  settleWaiting,
  statisticsChecks,
  tableChecks,
  type ValidationLimits,
} from "../day2/validate/validation-checks";
import { retentionChecks } from "../day2/validate/retention-checks";

/**
 * `validate-inference-table`: per model, do the payload and processed tables exist (Unity
 * Catalog), does the processed table have the declared columns and types, are there recent
 * rows in both, and how many requests failed or could not be parsed. One REST look-up per
 * table, then one SQL statement for all models. A model without any logged request yet is
 * "waiting" (exit 0), not failed: a fresh stack has nothing to validate.
 */

// Defined with the command line; kept importable from here.
export { parseShare } from "./validate-inference-table-command";

export interface ValidateOptions extends Day2Options {
  days: number;
  maxAgeHours?: number;
  maxFailedShare: number;
  maxUnparsedShare: number;
}

export async function validateInferenceTables(
  run: Day2Run,
  options: ValidateOptions,
): Promise<Day2Result> {
  const { models } = run.context;
  const limits: ValidationLimits = {
    days: options.days,
    ...(options.maxAgeHours === undefined ? {} : { maxAgeHours: options.maxAgeHours }),
    maxFailedShare: options.maxFailedShare,
    maxUnparsedShare: options.maxUnparsedShare,
  };
  const client = run.connection.rest();
  const unconcluded: Unconcluded[] = [];
  // Every model's look-ups run to their end, whatever happens to the others'.
  const lookups = await run.progress.task(
    `Looking up the inference tables of ${models.length} model(s) in Unity Catalog`,
    () =>
      mapLimit(models, 8, async (spec) => {
        try {
          return tableChecks(
            spec,
            await lookUpTable(client, formatTableName(spec.inference.payloadTable)),
            await lookUpTable(client, formatTableName(spec.inference.processedTable)),
          );
        } catch (error) {
          if (fatalProblem(error) === undefined) throw error;
          unconcluded.push({ part: `${spec.name}: its tables in Unity Catalog`, error });
          return undefined;
        }
      }),
  );
  if (unconcluded.length > 0) {
    throw notConcludedError(
      `the table look-ups of ${unconcluded.length} of ${models.length} model(s)`,
      unconcluded,
      models.flatMap((spec, i) =>
        lookups[i] === undefined ? [] : [`${spec.name}: its tables looked up`],
      ),
    );
  }
  const tables = lookups as NonNullable<(typeof lookups)[number]>[];

  const parts = models.map((spec, index) => ({
    spec: processedTableSpecOf(spec),
    readPayload: tables[index]?.readPayload ?? false,
    readProcessed: tables[index]?.readProcessed ?? false,
  }));
  const measured = parts.flatMap((part, index) =>
    part.readPayload || part.readProcessed ? [index] : [],
  );
  const stats =
    measured.length === 0
      ? { rows: [] as InferenceStatsRow[], failures: new Map<number, unknown>() }
      : await run.progress.task("Measuring freshness, failed and unparsed requests", () =>
          orNotConcluded(
            `the freshness and request shares of ${measured.length} model(s)`,
            measured.map(
              (index) =>
                `${(models[index] as (typeof models)[number]).name}: freshness, failed and unparsed shares`,
            ),
            models.map((spec) => `${spec.name}: its tables looked up`),
            () =>
              runBatched<InferenceStatsRow>(
                run.connection.sql(),
                measured,
                (subset) => inferenceStatsStatement(parts, subset, options.days),
                (index) => [
                  (parts[index] as (typeof parts)[number]).spec.payloadTable,
                  (parts[index] as (typeof parts)[number]).spec.processedTable,
                ],
              ),
          ),
        );
  const statsByModel = new Map(stats.rows.map((row) => [Number(row.model_index), row]));

  const results: ModelValidation[] = models.map((spec, index) => {
    const own = tables[index] as (typeof tables)[number];
    const failure = stats.failures.get(index);
    const checks = settleWaiting(spec, [
      ...own.checks,
      ...statisticsChecks(
        spec,
        own,
        statsByModel.get(index),
        failure === undefined ? undefined : statementFailureMessage(failure),
        limits,
      ),
      ...retentionChecks(spec, statsByModel.get(index), {
        payload: own.readPayload,
        processed: own.readProcessed,
      }),
    ]);
    return {
      model: spec.name,
      verdict: checks.some((c) => c.status === "fail")
        ? "fail"
        : checks.some((c) => c.status === "waiting")
          ? "waiting"
          : "pass",
      payloadTable: formatTableName(spec.inference.payloadTable),
      processedTable: formatTableName(spec.inference.processedTable),
      checks,
    };
  });
  const failedModels = results.filter((r) => r.verdict === "fail").length;
  const waitingModels = results.filter((r) => r.verdict === "waiting").length;
  const exitCode = failedModels > 0 ? EXIT.failed : EXIT.ok;
  const output: ValidateOutput = {
    command: "validate-inference-table",
    stack: run.context.stack,
    ok: failedModels === 0,
    exitCode,
    days: options.days,
    limits: {
      maxAgeHours: options.maxAgeHours ?? null,
      maxFailedShare: options.maxFailedShare,
      maxUnparsedShare: options.maxUnparsedShare,
    },
    summary: {
      passed: results.length - failedModels - waitingModels,
      failed: failedModels,
      waiting: waitingModels,
    },
    models: results,
    sqlStatements: run.connection.statementsSent(),
  };
  return {
    exitCode,
    output: options.json
      ? jsonText(validateOutput, output)
      : renderValidationText(output, run.colour),
  };
}
