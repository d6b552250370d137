import type * as pulumi from "@pulumi/pulumi";
import {
  followRefresh,
  lookForTables,
  missingTables,
  refreshEnded,
  refreshToFollow,
  waitForMonitorActive,
} from "../databricks-client/monitor-waits";
import {
  getMonitor,
  getRefresh,
  listRefreshes,
  type RefreshInfo,
} from "../databricks-client/monitors";
import { describeDuration } from "../databricks-client/duration";
import { checksDeadline, waitedMs, type PollSchedule } from "../databricks-client/poll";
import { isDeadlineExceeded } from "../databricks-client/errors";
import type { RestClient } from "../databricks-client/rest";
import { InputChecks } from "./shared/input-checks";
import { PartialCreateError } from "./shared/partial-create";
import {
  checkWaitInputs,
  replacedTable,
  waitClient,
  waitProvider,
  waitSchedule,
  type WaitInputs,
} from "./shared/readiness-wait";
import { isUnknown } from "./shared/unknowns";

/**
 * The MonitorReady provider's work, loaded by path from the serialized provider
 * (monitor-ready.ts), which hands over `this`, the provider object keying its configuration.
 *
 * A quality monitor returns from create before it is usable: it is PENDING, and its metric
 * tables and dashboard come later, with the first successful refresh
 * (terraform-provider-databricks#3859). This resource waits until the monitor is ACTIVE (a
 * monitor in ERROR fails the deploy: that is a configuration problem), starts the first refresh
 * and follows it for a bounded time, and records how far it got: whether the metric tables
 * exist (`metricTablesExist`), the refresh's state and Databricks' message.
 *
 * It never fails for lack of data. UNCONFIRMED: a refresh of a table without rows may fail, or
 * succeed without writing the metric tables. Either way the deploy completes ("waiting for first
 * window"); the monitor's schedule (or `refresh-monitors`) writes them once rows arrive.
 */
export interface MonitorReadyInputs extends WaitInputs {
  /** The monitored table, `catalog.schema.table`. */
  tableName: string;
  /** The monitor's version: when it changes (the monitor was updated), wait again. */
  monitorVersion?: number;
  /**
   * Start a refresh when the monitor has never refreshed successfully, its metric tables are
   * gone, or its configuration changed (a new monitorVersion) (default true).
   */
  firstRefresh: boolean;
  /**
   * For the whole wait; default 600. Activation must finish within it (otherwise an error);
   * the first refresh is followed until then and keeps running in Databricks afterwards.
   */
  timeoutSeconds: number;
  /** Longest pause between checks; default 15. */
  pollIntervalSeconds: number;
}

export interface MonitorReadyOutputs extends MonitorReadyInputs {
  status: string;
  profileMetricsTable: string;
  driftMetricsTable: string;
  /** Empty when the monitor has no dashboard (skip_builtin_dashboard). */
  dashboardId: string;
  /** The refresh this resource started or waited for ("" when none). */
  refreshId: string;
  /** Its state when last seen: SUCCESS, FAILED, CANCELED, or PENDING/RUNNING (still going). */
  refreshState: string;
  /** Databricks' message when that refresh did not succeed ("" otherwise). */
  refreshMessage: string;
  /** False until a refresh has written both metric tables ("waiting for first window"). */
  metricTablesExist: boolean;
  /** They existed at some point: missing now means dropped (an `up` repairs), not "not yet". */
  metricTablesSeen: boolean;
}

export const MONITOR_READY_DEFAULTS = {
  firstRefresh: true,
  timeoutSeconds: 600,
  pollIntervalSeconds: 15,
} as const;

export function checkMonitorReady(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const checks = new InputChecks();
  const monitorVersion = checks.optionalNumber("monitorVersion", news.monitorVersion);
  const { tableName, ...timing } = checkWaitInputs(checks, news, MONITOR_READY_DEFAULTS);
  const inputs: MonitorReadyInputs = {
    tableName,
    ...(monitorVersion === undefined ? {} : { monitorVersion }),
    firstRefresh: checks.boolean(
      "firstRefresh",
      news.firstRefresh,
      MONITOR_READY_DEFAULTS.firstRefresh,
    ),
    ...timing,
  };
  return { inputs, failures: checks.failures };
}

/**
 * `olds` are the stored outputs (live after a refresh). A change to make: a monitor that is no
 * longer ACTIVE, a new monitor version, or metric tables that existed and are gone (dropped: a
 * refresh writes them again). Metric tables that never existed ("waiting for first window": no
 * rows yet, whatever the first refresh did) are not: an `up` cannot bring the first rows, so such
 * a model shows no diff. Another table is another monitor: replace. Timeouts and poll intervals
 * change nothing remote.
 */
export function diffMonitorReady(
  olds: Partial<MonitorReadyOutputs>,
  news: Partial<MonitorReadyInputs>,
): pulumi.dynamic.DiffResult {
  const replaced = replacedTable(olds, news);
  if (replaced !== undefined) return replaced;
  const versionChanged =
    isUnknown(news.monitorVersion) ||
    (news.monitorVersion !== undefined && news.monitorVersion !== olds.monitorVersion);
  // States written before metricTablesSeen existed had their tables after every SUCCESS.
  const tablesLost =
    olds.metricTablesExist !== true && (olds.metricTablesSeen ?? olds.refreshState === "SUCCESS");
  const changes = olds.status !== "MONITOR_STATUS_ACTIVE" || tablesLost || versionChanged;
  return { changes };
}

/**
 * Waits for ACTIVE, makes sure a refresh is under way or done when asked, follows it, then looks
 * for the metric tables, all within one deadline, and records what it found. Once it has started
 * a refresh, an error is a partial create: the resource is recorded with the refresh id, and the
 * next run follows that refresh instead of starting a second one.
 */
export async function waitForMonitorReady(
  settingsOwner: object,
  inputs: MonitorReadyInputs,
  /** Set when the monitor's configuration changed since the last wait. */
  configurationChanged = false,
  /** The metric tables existed before (the stored metricTablesSeen). */
  seenBefore = false,
): Promise<MonitorReadyOutputs> {
  const client = waitClient(settingsOwner);
  const schedule = waitSchedule(inputs, 1000);
  const table = inputs.tableName;
  const monitor = await waitForMonitorActive(client, table, schedule);
  let started: RefreshInfo | undefined;
  const metricTables = [monitor.profile_metrics_table_name, monitor.drift_metrics_table_name];
  // Requests and retry waits end with the wait, not after it.
  const bounded = client.withDeadline(checksDeadline(schedule));
  try {
    let refresh: RefreshInfo | undefined;
    let missing: string[];
    if (inputs.firstRefresh) {
      // Metric tables dropped since the last SUCCESS, or a changed configuration, need a new
      // refresh: only a refresh writes them.
      const toFollow = await refreshToFollow(bounded, table, (r) => (started = r), {
        tables: metricTables,
        acceptEarlierSuccess: !configurationChanged,
      }).catch((error: unknown) => {
        throw isDeadlineExceeded(error) ? noRefreshInTime(table, schedule, error) : error;
      });
      refresh = toFollow.refresh;
      if (toFollow.started || !refreshEnded(refresh)) {
        refresh = await followRefresh(client, table, refresh.refresh_id, schedule);
      }
      // A refresh writes the tables as it ends: look once, do not wait for tables that a
      // refresh of a table without rows may never write.
      missing = await missingTables(bounded, metricTables).catch((error: unknown) => {
        if (isDeadlineExceeded(error)) return metricTables;
        throw error;
      });
    } else {
      // Someone else's refresh (the schedule) writes them: look until the deadline.
      missing = await lookForTables(client, metricTables, schedule);
    }
    // A refresh may have filled in the dashboard: report the monitor as it is now.
    // Within the wait's deadline; at the deadline the monitor as last seen will do.
    const current =
      (await getMonitor(bounded, table).catch((error: unknown) => {
        if (isDeadlineExceeded(error)) return monitor;
        throw error;
      })) ?? monitor;
    return outputsOf(inputs, current, refresh, missing.length === 0, seenBefore);
  } catch (error) {
    if (started !== undefined) {
      throw new PartialCreateError(error, table.toLowerCase(), {
        ...outputsOf(inputs, monitor, started, false, seenBefore),
      });
    }
    throw error;
  }
}

/** The wait's time ran out before a refresh to follow was found or started. */
function noRefreshInTime(table: string, schedule: PollSchedule, cause: unknown): Error {
  const timeout = new Error(
    `No refresh of the monitor on ${table} found or started after ` +
      `${describeDuration(waitedMs(schedule, schedule.deadline))}: the wait's time ran out ` +
      `(${(cause as Error).message}). Raise timeoutSeconds.`,
  );
  (timeout as Error & { cause?: unknown }).cause = cause;
  return timeout;
}

function outputsOf(
  inputs: MonitorReadyInputs,
  monitor: {
    status: string;
    monitor_version?: number;
    profile_metrics_table_name: string;
    drift_metrics_table_name: string;
    dashboard_id?: string;
  },
  refresh: RefreshInfo | undefined,
  metricTablesExist: boolean,
  seenBefore: boolean,
): MonitorReadyOutputs {
  return {
    ...inputs,
    ...(monitor.monitor_version === undefined ? {} : { monitorVersion: monitor.monitor_version }),
    status: monitor.status,
    profileMetricsTable: monitor.profile_metrics_table_name,
    driftMetricsTable: monitor.drift_metrics_table_name,
    dashboardId: monitor.dashboard_id ?? "",
    refreshId: refresh?.refresh_id ?? "",
    refreshState: refresh?.state ?? "",
    refreshMessage:
      refresh === undefined || refresh.state === "SUCCESS" ? "" : (refresh.message ?? ""),
    metricTablesExist,
    metricTablesSeen: seenBefore || metricTablesExist,
  };
}

/** The monitor as it is now, or undefined when it is gone. */
async function readMonitorReady(
  client: RestClient,
  stored: MonitorReadyOutputs,
): Promise<MonitorReadyOutputs | undefined> {
  const monitor = await getMonitor(client, stored.tableName);
  if (monitor === undefined) return undefined;
  const refresh =
    stored.refreshId !== "" && stored.refreshId !== undefined
      ? await getRefresh(client, stored.tableName, stored.refreshId)
      : (await listRefreshes(client, stored.tableName))[0];
  const tables = [monitor.profile_metrics_table_name, monitor.drift_metrics_table_name];
  const exist = (await missingTables(client, tables)).length === 0;
  return outputsOf(inputsOf(stored), monitor, refresh, exist, seenBefore(stored));
}

/** Stored before metricTablesSeen existed: the tables existed when metricTablesExist was true. */
const seenBefore = (stored: Partial<MonitorReadyOutputs>): boolean =>
  stored.metricTablesSeen ?? stored.metricTablesExist === true;

function inputsOf(stored: MonitorReadyOutputs): MonitorReadyInputs {
  return {
    tableName: stored.tableName,
    ...(stored.monitorVersion === undefined ? {} : { monitorVersion: stored.monitorVersion }),
    firstRefresh: stored.firstRefresh,
    timeoutSeconds: stored.timeoutSeconds,
    pollIntervalSeconds: stored.pollIntervalSeconds,
  };
}

/** A new monitor version since the last wait: its configuration changed, so wait and refresh again. */
function versionChanged(olds: MonitorReadyOutputs, news: MonitorReadyInputs): boolean {
  return (
    news.monitorVersion !== undefined &&
    olds.monitorVersion !== undefined &&
    news.monitorVersion !== olds.monitorVersion
  );
}

/** The provider methods, for the serialized shell in monitor-ready.ts. */
export const implementation = waitProvider<MonitorReadyInputs, MonitorReadyOutputs>({
  check: checkMonitorReady,
  diff: diffMonitorReady,
  wait: (provider, inputs, olds) =>
    olds === undefined
      ? waitForMonitorReady(provider, inputs)
      : waitForMonitorReady(provider, inputs, versionChanged(olds, inputs), seenBefore(olds)),
  read: (provider, stored) => readMonitorReady(waitClient(provider), stored),
  inputsOf,
});
