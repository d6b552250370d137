import {
  DatabricksConnectionError,
  type DatabricksApiError,
} from "../../../databricks-client/errors";
import {
  getMonitor,
  listRefreshes,
  startRefresh,
  type RefreshInfo,
} from "../../../databricks-client/monitors";
import type { RestClient } from "../../../databricks-client/rest";
import { isPerObjectApiError, isServerApiError } from "../failures";

/** Refresh states that are still under way (reference §2.4). */
export const RUNNING_STATES: readonly string[] = ["PENDING", "RUNNING"];

export type StartOutcome =
  | { kind: "started"; refresh: RefreshInfo; startedNew: boolean }
  | { kind: "not-started"; message: string }
  /** Databricks kept failing on its side for this monitor (5xx, or 429 past the retries). */
  | { kind: "server-error"; error: DatabricksApiError };

/**
 * Starts a refresh of the table's monitor, or follows the one already under way (a second
 * refresh would only queue behind it). Refused when there is no monitor or it is not ACTIVE.
 * POST .../refreshes is not idempotent: when its answer is lost, a refresh that appeared since
 * is taken as ours instead of asking again.
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
    try {
      return { kind: "started", refresh: await startRefresh(client, table), startedNew: true };
    } catch (error) {
      if (!(error instanceof DatabricksConnectionError) || !error.maybeApplied) throw error;
      const known = new Set(history.map((refresh) => refresh.refresh_id));
      const appeared = (await listRefreshes(client, table)).find(
        (refresh) => !known.has(refresh.refresh_id),
      );
      if (appeared === undefined) throw error;
      return { kind: "started", refresh: appeared, startedNew: true };
    }
  } catch (error) {
    if (isPerObjectApiError(error)) return { kind: "not-started", message: error.message };
    if (isServerApiError(error)) return { kind: "server-error", error };
    throw error;
  }
}
