import { isDeadlineExceeded } from "./errors";
import {
  getMonitor,
  getRefresh,
  listRefreshes,
  startRefreshOnce,
  type MonitorInfo,
  type RefreshInfo,
} from "./monitors";
import { describeDuration } from "./duration";
import { checksDeadline, pollUntil, waitedMs, type PollSchedule } from "./poll";
import type { RestClient } from "./rest";
import { tableExists } from "./tables";

// Arrays, not Sets: a module-level Set does not survive closure serialization (it arrives as a
// plain object without its entries).
const FAILED_STATUSES: readonly string[] = ["MONITOR_STATUS_ERROR", "MONITOR_STATUS_FAILED"];
const RUNNING_REFRESH: readonly string[] = ["PENDING", "RUNNING"];

/**
 * Waits until the table's monitor is MONITOR_STATUS_ACTIVE. Fails at once, with Databricks'
 * failure message, when it is ERROR or FAILED, being deleted, or missing.
 */
export async function waitForMonitorActive(
  client: RestClient,
  table: string,
  schedule: PollSchedule,
): Promise<MonitorInfo> {
  const started = (schedule.clock ?? Date.now)();
  const bounded = client.withDeadline(checksDeadline(schedule));
  let last: MonitorInfo | undefined;
  return pollUntil(
    async () => {
      const monitor = await getMonitor(bounded, table);
      if (monitor === undefined) {
        throw new Error(
          `There is no quality monitor on ${table}: create it before waiting for it.`,
        );
      }
      last = monitor;
      if (monitor.status === "MONITOR_STATUS_ACTIVE") return monitor;
      if (FAILED_STATUSES.includes(monitor.status)) {
        throw new Error(
          `The quality monitor on ${table} is ${monitor.status}: ` +
            `${monitor.latest_monitor_failure_msg ?? "Databricks gave no failure message"}`,
        );
      }
      if (monitor.status === "MONITOR_STATUS_DELETE_PENDING") {
        throw new Error(`The quality monitor on ${table} is being deleted.`);
      }
      return undefined;
    },
    schedule,
    () =>
      new Error(
        `The quality monitor on ${table} is still ${last?.status ?? "not active"} after ` +
          `${describeDuration(waitedMs(schedule, started))}. Look at the monitor in ` +
          `Catalog Explorer (Quality tab); raise timeoutSeconds if activation is just slow.`,
      ),
  );
}

/** When an earlier successful refresh is enough. */
export interface RefreshNeed {
  /** These tables must exist now too: a SUCCESS whose metric tables were dropped since is not. */
  tables?: readonly string[];
  /** False after the monitor's configuration changed: only a new refresh reflects it. */
  acceptEarlierSuccess?: boolean;
}

/**
 * Makes sure the monitor has refreshed successfully: an earlier SUCCESS is enough when `need`
 * allows it; otherwise a queued or running refresh is waited for, or one is started (and
 * `onStarted` told, so a caller can record it) and waited for. Safe to repeat: it never starts
 * a second refresh while one is under way. Throws with Databricks' message when the refresh it
 * waited for FAILED or was CANCELED.
 */
export async function ensureSuccessfulRefresh(
  client: RestClient,
  table: string,
  schedule: PollSchedule,
  onStarted: (refresh: RefreshInfo) => void = () => undefined,
  need: RefreshNeed = {},
): Promise<RefreshInfo> {
  const bounded = client.withDeadline(checksDeadline(schedule));
  const started = (schedule.clock ?? Date.now)();
  let refresh: RefreshInfo | undefined;
  try {
    const history = await listRefreshes(bounded, table);
    const succeeded = history.find((candidate) => candidate.state === "SUCCESS");
    if (
      succeeded !== undefined &&
      need.acceptEarlierSuccess !== false &&
      (await missingTables(bounded, need.tables ?? [])).length === 0
    ) {
      return succeeded;
    }
    refresh = history.find((candidate) => RUNNING_REFRESH.includes(candidate.state));
    if (refresh === undefined) {
      refresh = await startRefreshOnce(bounded, table, history);
      onStarted(refresh);
    }
  } catch (error) {
    if (!isDeadlineExceeded(error)) throw error;
    const timeout = new Error(
      `No successful refresh of the monitor on ${table} after ` +
        `${describeDuration(waitedMs(schedule, started))}: the wait's time ran out while ` +
        `looking for or starting one (${(error as Error).message}). Raise timeoutSeconds.`,
    );
    (timeout as Error & { cause?: unknown }).cause = error;
    throw timeout;
  }
  return waitForRefresh(client, table, refresh.refresh_id, schedule);
}

/** The tables of `tables` that do not exist (one REST look-up each). */
async function missingTables(client: RestClient, tables: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const table of tables) if (!(await tableExists(client, table))) missing.push(table);
  return missing;
}

/** Waits until the refresh ends: its info on SUCCESS, an error with its message otherwise. */
export async function waitForRefresh(
  client: RestClient,
  table: string,
  refreshId: string,
  schedule: PollSchedule,
): Promise<RefreshInfo> {
  const started = (schedule.clock ?? Date.now)();
  const bounded = client.withDeadline(checksDeadline(schedule));
  let last: RefreshInfo | undefined;
  return pollUntil(
    async () => {
      const refresh = await getRefresh(bounded, table, refreshId);
      if (refresh === undefined) {
        throw new Error(`Refresh ${refreshId} of the monitor on ${table} no longer exists.`);
      }
      last = refresh;
      if (refresh.state === "SUCCESS") return refresh;
      if (!RUNNING_REFRESH.includes(refresh.state)) {
        throw new Error(
          `Refresh ${refreshId} of the monitor on ${table} ended ${refresh.state}: ` +
            `${refresh.message ?? "Databricks gave no message"}`,
        );
      }
      return undefined;
    },
    schedule,
    () =>
      new Error(
        `Refresh ${refreshId} of the monitor on ${table} is still ${last?.state ?? "queued"} ` +
          `after ${describeDuration(waitedMs(schedule, started))}; it keeps running ` +
          `in Databricks. Raise timeoutSeconds for large tables.`,
      ),
  );
}

/** Waits until every table exists (e.g. the metric tables a first refresh writes). */
export async function waitForTables(
  client: RestClient,
  tables: readonly string[],
  schedule: PollSchedule,
  hint: string,
): Promise<void> {
  const started = (schedule.clock ?? Date.now)();
  const bounded = client.withDeadline(checksDeadline(schedule));
  let missing = [...tables];
  await pollUntil(
    async () => {
      missing = await missingTables(bounded, missing);
      return missing.length === 0 ? true : undefined;
    },
    schedule,
    () =>
      new Error(
        `${missing.join(" and ")} ${missing.length === 1 ? "does" : "do"} not exist after ` +
          `${describeDuration(waitedMs(schedule, started))}: ${hint}`,
      ),
  );
}
