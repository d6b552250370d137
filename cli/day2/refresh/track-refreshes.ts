import { DatabricksConnectionError } from "../../../databricks-client/errors";
import { getMonitor, getRefresh } from "../../../databricks-client/monitors";
import type { RestClient } from "../../../databricks-client/rest";
import { sleep } from "../../../databricks-client/backoff";
import { mapLimit } from "../chunks";
import { isPerObjectApiError, isServerApiError } from "../failures";
import type { MonitorRefresh } from "../json-output";
import { RUNNING_STATES } from "./start-refresh";

/**
 * One monitor's refresh as the command follows it. Times are this process's clock: when we
 * started following and when we saw it end.
 */
export interface TrackedRefresh {
  model: string;
  table: string;
  status: MonitorRefresh["status"];
  refreshId: string | null;
  state: string | null;
  message: string | null;
  startedNew: boolean;
  startedAt: number;
  endedAt?: number;
  /** Why the last status check failed (Databricks' side or the connection), while followed on. */
  lastCheckError?: string;
  /** That failure itself, for the final error when the timeout comes before an answer. */
  lastCheckFailure?: unknown;
}

export interface WaitOptions {
  deadline: number;
  /** Longest pause between two rounds of status checks. */
  pollIntervalMs: number;
  /** Called after each round (progress display). */
  onRound?: () => void;
  /** REST calls at a time. */
  concurrency?: number;
}

/**
 * Checks every unfinished refresh once per round until all have ended or the deadline passes;
 * the pause between rounds starts at a second and doubles up to the poll interval. A refresh
 * that ends FAILED or CANCELED gets Databricks' message (the refresh's, else the monitor's).
 */
export async function waitForRefreshes(
  client: RestClient,
  tracked: TrackedRefresh[],
  options: WaitOptions,
): Promise<void> {
  let pause = Math.min(1000, options.pollIntervalMs);
  for (;;) {
    const open = tracked.filter((t) => t.status === "started");
    if (open.length === 0) return;
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) {
      for (const t of open) {
        t.status = "timed-out";
        t.message = `still ${t.state ?? "queued"} at the timeout; the refresh keeps running in Databricks`;
        if (t.lastCheckError !== undefined)
          t.message += ` (last status check: ${t.lastCheckError})`;
      }
      return;
    }
    await sleep(Math.min(pause, remaining));
    pause = Math.min(pause * 2, options.pollIntervalMs);
    await mapLimit(open, options.concurrency ?? 8, (t) => checkOnce(client, t));
    options.onRound?.();
  }
}

async function checkOnce(client: RestClient, tracked: TrackedRefresh): Promise<void> {
  try {
    const refresh = await getRefresh(client, tracked.table, tracked.refreshId as string);
    delete tracked.lastCheckError;
    delete tracked.lastCheckFailure;
    if (refresh === undefined) {
      finish(tracked, "failed", null, `refresh ${tracked.refreshId} no longer exists`);
      return;
    }
    tracked.state = refresh.state;
    if (RUNNING_STATES.includes(refresh.state)) return;
    if (refresh.state === "SUCCESS") {
      finish(tracked, "succeeded", refresh.state, null);
      return;
    }
    const monitorMessage = refresh.message
      ? undefined
      : (await getMonitor(client, tracked.table))?.latest_monitor_failure_msg;
    finish(
      tracked,
      "failed",
      refresh.state,
      refresh.message ?? monitorMessage ?? "Databricks gave no failure message",
    );
  } catch (error) {
    // A status check failing on Databricks' side, or a connection that stayed broken past the
    // retries, says nothing about the refresh, which runs on: check again next round, until
    // the deadline. (Each check is its own: one failing never stops the others.)
    if (isServerApiError(error) || error instanceof DatabricksConnectionError) {
      tracked.lastCheckError = error.message;
      tracked.lastCheckFailure = error;
      return;
    }
    if (!isPerObjectApiError(error)) throw error;
    finish(tracked, "failed", tracked.state, error.message);
  }
}

function finish(
  tracked: TrackedRefresh,
  status: TrackedRefresh["status"],
  state: string | null,
  message: string | null,
): void {
  tracked.status = status;
  tracked.state = state;
  tracked.message = message;
  tracked.endedAt = Date.now();
}
