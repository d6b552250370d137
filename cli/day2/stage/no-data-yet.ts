import { alertQueryTables } from "../../../core/alert-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { partsReadingMissingTable, type TablesOfPart } from "../batched-statements";
import { shortMessage } from "../failures";

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
