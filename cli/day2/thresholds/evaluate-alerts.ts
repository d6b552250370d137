import { alertQueryTables } from "../../../core/alert-spec";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
} from "../../../sql/alert-queries";
import {
  MODEL_STAGES,
  MONITORING,
  WAITING_FOR_FIRST_WINDOW,
  type ModelStage,
} from "../../../core/model-stage";
import type { SqlRunner } from "../../../databricks-client/sql-session";
import { runBatched } from "../batched-statements";
import { indexChunks } from "../chunks";
import { statementFailureMessage } from "../failures";
import { orNotConcluded } from "../not-concluded";
import type { ThresholdCheck } from "../json-output";
import { alertBatchStatement, CHECK_INDEX_COLUMN, type AlertCheck } from "./alert-batch";
import { missingMetricTables } from "../stage/no-data-yet";
import { alertState } from "./alert-condition";

/**
 * At most this many alert queries per statement (two per model: 10 models). Each is a dozen
 * CTEs over four tables, and planning a union of them grows faster than its size: on the local
 * warehouse 20 per statement cost about 13 ms per alert, 40 about 19 ms, 100 about 52 ms.
 */
export const ALERTS_PER_STATEMENT = 20;

/**
 * Runs every alert query (batched) and reads each result the way its AlertV2 would. An OK
 * result while the model has no data yet is "no-data" (not a failure). Where the metric tables
 * do not exist yet, each such check runs again as the branch a script alert takes then (one
 * statement for all): a script alert (the default queryForm) says "waiting" or counts what
 * needs no metric table; a statement alert fails then (the AlertV2 shows ERROR), which is
 * "no-data" too, with the stage that branch reports.
 */
export async function evaluateAlerts(
  runner: SqlRunner,
  checks: readonly AlertCheck[],
): Promise<ThresholdCheck[]> {
  const rows = new Map<number, Record<string, unknown>>();
  const failures = new Map<number, unknown>();
  const concluded: string[] = [];
  await runChecks(runner, checks, allIndexes(checks), rows, failures, concluded);
  // Checks whose model has no metric tables yet, and what to say of them.
  const missing = new Map<number, string>();
  for (const [index, failure] of failures) {
    const text = missingMetricTables((checks[index] as AlertCheck).spec, failure);
    if (text !== undefined) missing.set(index, text);
  }
  const branch = { rows: new Map<number, Record<string, unknown>>(), failures: new Map() };
  if (missing.size > 0) {
    const waiting = new Set(missing.keys());
    const branchChecks = checks.map((check, index) =>
      waiting.has(index) ? { ...check, beforeMetricTables: true } : check,
    );
    await runChecks(runner, branchChecks, [...waiting], branch.rows, branch.failures, concluded);
  }
  /** Script alerts that ran their branch: what to say beside the row. */
  const beforeTables = new Map<number, string>();
  /** Statement alerts before their metric tables: the stage their branch reports. */
  const stageOfCheck = new Map<number, ModelStage>();
  for (const [index, text] of missing) {
    const row = branch.rows.get(index);
    if ((checks[index] as AlertCheck).spec.alerting.queryForm === "statement") {
      // A model whose processed table cannot be read either stays "waiting for first window".
      stageOfCheck.set(index, stageOf(row?.[ALERT_STATUS_COLUMN]) ?? WAITING_FOR_FIRST_WINDOW);
      continue;
    }
    missing.delete(index);
    const failure = branch.failures.get(index);
    if (failure !== undefined) {
      failures.set(index, failure);
      continue;
    }
    failures.delete(index);
    if (row !== undefined) rows.set(index, row);
    beforeTables.set(index, text);
  }
  return checks.map((check, index) => {
    const base = { model: check.spec.name, severity: check.severity };
    const failure = failures.get(index);
    if (failure !== undefined) {
      const waiting = missing.get(index);
      const stage = stageOfCheck.get(index) ?? null;
      return {
        ...base,
        status: waiting === undefined ? "error" : "no-data",
        modelStatus: stage,
        violations: null,
        breaches: [],
        message: waiting === undefined ? statementFailureMessage(failure) : `${stage}: ${waiting}`,
      };
    }
    const row = rows.get(index);
    const violations = row === undefined ? null : Number(row[ALERT_VALUE_COLUMN]);
    const detail = row === undefined ? "" : String(row[ALERT_DETAIL_COLUMN] ?? "");
    const modelStatus = stageOf(row?.[ALERT_STATUS_COLUMN]);
    const state = alertState(row);
    const noData = state === "ok" && modelStatus !== null && modelStatus !== MONITORING;
    return {
      ...base,
      status: noData ? "no-data" : state,
      modelStatus,
      violations,
      breaches: detail === "" ? [] : detail.split("; "),
      message: resultMessage(row, noData, modelStatus, beforeTables.get(index)),
    };
  });
}

/**
 * What to say beside a result: no row; no data yet; and, for a script alert whose metric
 * tables do not exist yet, that only the checks needing none ran (also when one breached).
 */
function resultMessage(
  row: Record<string, unknown> | undefined,
  noData: boolean,
  modelStatus: ModelStage | null,
  beforeTables: string | undefined,
): string | null {
  if (row === undefined) return "the query returned no row (the alert treats that as triggered)";
  if (beforeTables !== undefined) return `${modelStatus ?? "waiting"}: ${beforeTables}`;
  return noData ? `${modelStatus}: no data to alert on yet (the alert is OK and says so)` : null;
}

const allIndexes = (checks: readonly AlertCheck[]) => checks.map((_, index) => index);

/** The checks at `indexes`, ALERTS_PER_STATEMENT per statement; rows and failures by index. */
async function runChecks(
  runner: SqlRunner,
  checks: readonly AlertCheck[],
  indexes: readonly number[],
  rows: Map<number, Record<string, unknown>>,
  failures: Map<number, unknown>,
  /** Names of the alert queries evaluated so far, this call's and earlier calls'. */
  concluded: string[],
): Promise<void> {
  const chunks = indexChunks(indexes.length, ALERTS_PER_STATEMENT).map((chunk) =>
    chunk.map((position) => indexes[position] as number),
  );
  const name = (index: number) =>
    `${(checks[index] as AlertCheck).spec.name} ${(checks[index] as AlertCheck).severity} alert`;
  for (const [position, chunk] of chunks.entries()) {
    // A warehouse that stays unreachable ends the run here (exit 2), naming the alert queries
    // this and later statements would have evaluated, and those already evaluated.
    const pending = chunks.slice(position).flat().map(name);
    const result = await orNotConcluded(
      `${pending.length} of ${indexes.length} alert queries`,
      pending,
      concluded.filter((done) => !pending.includes(done)),
      () =>
        runBatched<Record<string, unknown>>(
          runner,
          chunk,
          (subset) => alertBatchStatement(checks, subset),
          (index) => tablesRead(checks[index] as AlertCheck),
        ),
    );
    concluded.push(...chunk.map(name));
    for (const row of result.rows) {
      const index = Number(row[CHECK_INDEX_COLUMN]);
      if (!rows.has(index)) rows.set(index, row); // the alert reads the first row only
    }
    for (const [index, error] of result.failures) failures.set(index, error);
  }
}

/** The tables a check's query reads (its script branch reads no metric table). */
function tablesRead(check: AlertCheck) {
  const tables = alertQueryTables(check.spec);
  const always = [tables.processedTable, tables.thresholdsTable];
  return check.beforeMetricTables === true
    ? always
    : [tables.driftMetricsTable, tables.profileMetricsTable, ...always];
}

function stageOf(value: unknown): ModelStage | null {
  return (MODEL_STAGES as readonly unknown[]).includes(value) ? (value as ModelStage) : null;
}
