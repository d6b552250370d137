import { alertQueryTables } from "../../../components/alert-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { WAITING_FOR_FIRST_WINDOW } from "../../../databricks-client/model-stage";
import { formatTableName } from "../../../sql/identifiers";
import { partsReadingMissingTable, type TablesOfPart } from "../batched-statements";
import { shortMessage } from "../failures";

/**
 * A statement failed because one of the model's metric tables does not exist: the monitor has
 * not written them yet (UNCONFIRMED: a refresh of a table without rows may write none), so the
 * model is "waiting for first window", which is no data yet, not an error. Returns what to say,
 * or undefined when the failure is something else (a missing processed or thresholds table is a
 * broken deploy, not a wait).
 */
export function waitingForMetricTables(spec: ModelSpec, failure: unknown): string | undefined {
  const tables = alertQueryTables(spec);
  const metricTables = [tables.profileMetricsTable, tables.driftMetricsTable];
  const tablesOf: TablesOfPart = () => metricTables;
  if (partsReadingMissingTable(shortMessage(failure), [0], tablesOf).length === 0) return undefined;
  const names = metricTables.map(formatTableName).join(" and ");
  const refresh = spec.monitor.schedule.paused
    ? "run refresh-monitors once requests have been processed (the monitor's schedule is paused here)"
    : "its schedule does that once requests have been processed";
  return (
    `${WAITING_FOR_FIRST_WINDOW}: ${names} do not exist yet; the monitor writes them with its ` +
    `first successful refresh (${refresh}). Until then the AlertV2 shows ERROR, which does not notify.`
  );
}
