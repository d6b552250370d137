import {
  getMonitor,
  getRefresh,
  listRefreshes,
  startRefreshOnce,
  type MonitorInfo,
  type RefreshInfo,
} from "./monitors";
import { describeDuration } from "./duration";
import { checksDeadline, pollUntil, pollUntilDeadline, waitedMs, type PollSchedule } from "./poll";
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

/** The refresh to follow, and whether this call started it. */
export interface RefreshToFollow {
  refresh: RefreshInfo;
  started: boolean;
}

/**
 * The refresh that brings the monitor up to date: an earlier SUCCESS when `need` allows it,
 * otherwise a queued or running one, otherwise a new one (and `onStarted` is told before
 * anything else can fail, so a caller can record it). Safe to repeat: it never starts a second
 * refresh while one is under way. Bound `client` with a deadline to bound the look-ups.
 */
export async function refreshToFollow(
  client: RestClient,
  table: string,
  onStarted: (refresh: RefreshInfo) => void = () => undefined,
  need: RefreshNeed = {},
): Promise<RefreshToFollow> {
  const history = await listRefreshes(client, table);
  const succeeded = history.find((refresh) => refresh.state === "SUCCESS");
  if (
    succeeded !== undefined &&
    need.acceptEarlierSuccess !== false &&
    (await missingTables(client, need.tables ?? [])).length === 0
  ) {
    return { refresh: succeeded, started: false };
  }
  const running = history.find((candidate) => RUNNING_REFRESH.includes(candidate.state));
  if (running !== undefined) return { refresh: running, started: false };
  const started = await startRefreshOnce(client, table, history);
  onStarted(started);
  return { refresh: started, started: true };
}

/** The tables of `tables` that do not exist (one REST look-up each). */
export async function missingTables(
  client: RestClient,
  tables: readonly string[],
): Promise<string[]> {
  const missing: string[] = [];
  for (const table of tables) if (!(await tableExists(client, table))) missing.push(table);
  return missing;
}

/** Whether a refresh in this state has ended (SUCCESS, FAILED, CANCELED, UNKNOWN). */
export function refreshEnded(refresh: RefreshInfo): boolean {
  return !RUNNING_REFRESH.includes(refresh.state);
}

/**
 * Follows a refresh until it ends or the deadline passes, and returns it as last seen: SUCCESS,
 * FAILED or CANCELED with Databricks' message, or still PENDING/RUNNING (it keeps running in
 * Databricks). A failed refresh is an answer here, not an error: the first refresh of a table
 * without rows may fail (UNCONFIRMED), and the caller decides what that means. Throws only when
 * the refresh no longer exists, a look-up fails, or none answered before the deadline.
 */
export async function followRefresh(
  client: RestClient,
  table: string,
  refreshId: string,
  schedule: PollSchedule,
): Promise<RefreshInfo> {
  const bounded = client.withDeadline(checksDeadline(schedule));
  let last: RefreshInfo | undefined;
  const ended = await pollUntilDeadline(async () => {
    const refresh = await getRefresh(bounded, table, refreshId);
    if (refresh === undefined) {
      throw new Error(`Refresh ${refreshId} of the monitor on ${table} no longer exists.`);
    }
    last = refresh;
    return refreshEnded(refresh) ? refresh : undefined;
  }, schedule);
  const seen = ended ?? last;
  if (seen === undefined) {
    throw new Error(
      `No answer about refresh ${refreshId} of the monitor on ${table} before the wait's ` +
        `deadline; it keeps running in Databricks. Raise timeoutSeconds.`,
    );
  }
  return seen;
}

/**
 * Looks for `tables` until all exist or the deadline passes; returns those still missing (the
 * metric tables a refresh writes: maybe not yet, maybe not for a table without rows).
 */
export async function lookForTables(
  client: RestClient,
  tables: readonly string[],
  schedule: PollSchedule,
): Promise<string[]> {
  const bounded = client.withDeadline(checksDeadline(schedule));
  let missing = [...tables];
  await pollUntilDeadline(async () => {
    missing = await missingTables(bounded, missing);
    return missing.length === 0 ? true : undefined;
  }, schedule);
  return missing;
}
