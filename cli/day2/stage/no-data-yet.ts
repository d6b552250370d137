import { alertQueryTables } from "../../../core/alert-spec";
import type { ModelSpec } from "../../../config/model-spec";
import {
  WAITING_FOR_FIRST_REQUEST,
  WAITING_FOR_FIRST_WINDOW,
  type ModelStage,
} from "../../../core/model-stage";
import type { SqlRunner } from "../../../databricks-client/sql-session";
import { formatTableName } from "../../../core/names";
import { sqlInteger } from "../../../sql/sql-integers";
import { partsReadingMissingTable, runBatched, type TablesOfPart } from "../batched-statements";
import { shortMessage } from "../failures";
import { quoteIdentifier as q, quoteTableName } from "../../../sql/quoting";

/**
 * A statement failed because one of the model's metric tables does not exist: the monitor has
 * not written them yet (UNCONFIRMED: a refresh of a table without rows may write none), which
 * is no data yet, not an error. Returns what to say about it, or undefined when the failure is
 * something else (a missing processed or thresholds table is a broken deploy, not a wait).
 */
export function missingMetricTables(spec: ModelSpec, failure: unknown): string | undefined {
  const tables = alertQueryTables(spec);
  const metricTables = [tables.profileMetricsTable, tables.driftMetricsTable];
  const tablesOf: TablesOfPart = () => metricTables;
  if (partsReadingMissingTable(shortMessage(failure), [0], tablesOf).length === 0) return undefined;
  const names = metricTables.map(formatTableName).join(" and ");
  const refresh = spec.monitor.schedule.paused
    ? "run refresh-monitors once requests have been processed (the monitor's schedule is paused here)"
    : "its schedule does that once requests have been processed";
  const alerts =
    spec.alerting.queryForm === "script"
      ? "Until then the alerts say so and run only the checks that need no metric table."
      : "Until then each AlertV2 evaluation ends in ERROR (alerting.queryForm: statement).";
  return (
    `${names} do not exist yet; the monitor writes them with its first successful refresh ` +
    `(${refresh}). ${alerts}`
  );
}

export const MODEL_INDEX_COLUMN = "model_index";

/**
 * For models whose metric tables do not exist yet: has anything been processed? No processed
 * row means "waiting for first request", rows mean "waiting for first window". One statement
 * for all of them; a model whose processed table cannot be read stays "waiting for first window".
 */
export async function stagesBeforeMetricTables(
  runner: SqlRunner,
  specs: readonly ModelSpec[],
): Promise<ModelStage[]> {
  if (specs.length === 0) return [];
  const tables = specs.map((spec) => alertQueryTables(spec));
  const result = await runBatched<Record<string, unknown>>(
    runner,
    specs.map((_, index) => index),
    (subset) => ({
      sql: subset
        .map((index) => {
          const t = tables[index] as (typeof tables)[number];
          return (
            `SELECT ${sqlInteger(index, "model index", 0, 1_000_000)} AS ${q(MODEL_INDEX_COLUMN)}, ` +
            `max(${q("e")}.${q(t.timestampColumn)}) IS NOT NULL AS ${q("has_rows")} ` +
            `FROM ${quoteTableName(t.processedTable)} AS ${q("e")}`
          );
        })
        .join("\nUNION ALL\n"),
      parameters: {},
    }),
    (index) => [(tables[index] as (typeof tables)[number]).processedTable],
  );
  const withRows = new Map(
    result.rows.map((row) => [Number(row[MODEL_INDEX_COLUMN]), row.has_rows === true]),
  );
  return specs.map((_, index) =>
    withRows.get(index) === false ? WAITING_FOR_FIRST_REQUEST : WAITING_FOR_FIRST_WINDOW,
  );
}
