import type { DatabricksApiError } from "../../../databricks-client/errors";
import {
  getMonitor,
  listRefreshes,
  startRefreshOnce,
  type RefreshInfo,
} from "../../../databricks-client/monitors";
import type { RestClient } from "../../../databricks-client/rest";
import { isPerObjectApiError, isServerApiError, isTransientApiError } from "../failures";

/** Refresh states that are still under way (docs/databricks-api.md, quality monitors, refreshes). */
export const RUNNING_STATES: readonly string[] = ["PENDING", "RUNNING"];

export type StartOutcome =
  | { kind: "started"; refresh: RefreshInfo; startedNew: boolean }
  | { kind: "not-started"; message: string }
  /** Databricks failed on its side for this monitor (a 5xx other than 502, 503, 504). */
  | { kind: "server-error"; error: DatabricksApiError };

/**
 * Starts a refresh of the table's monitor, or follows the one already under way (a second
 * refresh would only queue behind it). Refused when there is no monitor or it is not ACTIVE.
 * POST .../refreshes is not idempotent: when its answer is lost, a refresh that appeared since
 * is taken as ours; only when none did is it asked again.
 */
export async function startOrFollowRefresh(
  client: RestClient,
  table: string,
): Promise<StartOutcome> {
  try {
    const monitor = await getMonitor(client, table);
    if (monitor === undefined) {
      return {
        kind: "not-started",
        message: `no quality monitor on ${table}: deploy the stack (pulumi up) first`,
      };
    }
    if (monitor.status !== "MONITOR_STATUS_ACTIVE") {
      const reason = monitor.latest_monitor_failure_msg
        ? `: ${monitor.latest_monitor_failure_msg}`
        : "";
      return { kind: "not-started", message: `the monitor is ${monitor.status}${reason}` };
    }
    const history = await listRefreshes(client, table);
    const running = history.find((refresh) => RUNNING_STATES.includes(refresh.state));
    if (running !== undefined) return { kind: "started", refresh: running, startedNew: false };
    // A lost answer is looked for before asking again (startRefreshOnce).
    return {
      kind: "started",
      refresh: await startRefreshOnce(client, table, history),
      startedNew: true,
    };
  } catch (error) {
    if (isPerObjectApiError(error)) return { kind: "not-started", message: error.message };
    // Throttling or unavailability past the retries is not this monitor's failure: the caller
    // reports it as not concluded.
    if (isServerApiError(error) && !isTransientApiError(error)) {
      return { kind: "server-error", error };
    }
    throw error;
  }
}
