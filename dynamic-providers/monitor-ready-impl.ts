import type * as pulumi from "@pulumi/pulumi";
import {
  ensureSuccessfulRefresh,
  waitForMonitorActive,
  waitForTables,
} from "../databricks-client/monitor-waits";
import {
  getMonitor,
  getRefresh,
  listRefreshes,
  type RefreshInfo,
} from "../databricks-client/monitors";
import { checksDeadline, type PollSchedule } from "../databricks-client/poll";
import { isDeadlineExceeded } from "../databricks-client/errors";
import { sharedRestClient, type RestClient } from "../databricks-client/rest";
import { tableExists } from "../databricks-client/tables";
import { InputChecks, sameTableName } from "./shared/input-checks";
import { PartialCreateError } from "./shared/partial-create";
import { connectionSettingsFor, rememberConfiguration } from "./shared/provider-settings";
import type { ProviderImplementation } from "./shared/delegating-provider";
import { isUnknown } from "./shared/unknowns";

/**
 * The MonitorReady provider's work, loaded by path from the serialized provider
 * (monitor-ready.ts), which hands over `this`, the provider object keying its configuration.
 *
 * A quality monitor returns from create before it is usable: it is PENDING, and its metric
 * tables and dashboard come later, with the first refresh (terraform-provider-databricks#3859).
 * This resource is done when the monitor is ACTIVE and both metric tables exist, so alerts and
 * queries over those tables can depend on it.
 */
export interface MonitorReadyInputs {
  /** The monitored table, `catalog.schema.table`. */
  tableName: string;
  /** The monitor's version: when it changes (the monitor was updated), wait again. */
  monitorVersion?: number;
  /**
   * Start a refresh when the monitor has never refreshed successfully, its metric tables are
   * gone, or its configuration changed (a new monitorVersion) (default true).
   */
  firstRefresh: boolean;
  /** For the whole wait; default 2700 (a first refresh of a large table takes a while). */
  timeoutSeconds: number;
  /** Longest pause between checks; default 30. */
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
  refreshState: string;
  metricTablesExist: boolean;
}

export const MONITOR_READY_DEFAULTS = {
  firstRefresh: true,
  timeoutSeconds: 2700,
  pollIntervalSeconds: 30,
} as const;

export function checkMonitorReady(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const checks = new InputChecks();
  const monitorVersion = checks.optionalNumber("monitorVersion", news.monitorVersion);
  const inputs: MonitorReadyInputs = {
    tableName: checks.tableName("tableName", news.tableName),
    ...(monitorVersion === undefined ? {} : { monitorVersion }),
    firstRefresh: checks.boolean(
      "firstRefresh",
      news.firstRefresh,
      MONITOR_READY_DEFAULTS.firstRefresh,
    ),
    timeoutSeconds: checks.positiveNumber(
      "timeoutSeconds",
      news.timeoutSeconds,
      MONITOR_READY_DEFAULTS.timeoutSeconds,
    ),
    pollIntervalSeconds: checks.positiveNumber(
      "pollIntervalSeconds",
      news.pollIntervalSeconds,
      MONITOR_READY_DEFAULTS.pollIntervalSeconds,
    ),
  };
  return { inputs, failures: checks.failures };
}

/**
 * `olds` are the stored outputs (live after a refresh): anything short of "ACTIVE with metric
 * tables" is a change to make, as is a new monitor version. Another table is another monitor:
 * replace. Timeouts and poll intervals change nothing remote.
 */
export function diffMonitorReady(
  olds: Partial<MonitorReadyOutputs>,
  news: Partial<MonitorReadyInputs>,
): pulumi.dynamic.DiffResult {
  if (isUnknown(news.tableName) || !sameTableName(olds.tableName, news.tableName)) {
    return { changes: true, replaces: ["tableName"] };
  }
  const versionChanged =
    isUnknown(news.monitorVersion) ||
    (news.monitorVersion !== undefined && news.monitorVersion !== olds.monitorVersion);
  // Metric tables exist only after a successful refresh: "first refresh wanted but missing"
  // is covered by them.
  const changes =
    olds.status !== "MONITOR_STATUS_ACTIVE" || olds.metricTablesExist !== true || versionChanged;
  return { changes };
}

/**
 * Waits for ACTIVE, ensures a successful refresh when asked, then waits for the metric tables,
 * all within one deadline. Once it has started a refresh, a failure is a partial create: the
 * resource is recorded with the refresh id, and the next run resumes without a second refresh.
 */
export async function waitForMonitorReady(
  settingsOwner: object,
  inputs: MonitorReadyInputs,
  /** Set when the monitor's configuration changed since the last wait. */
  configurationChanged = false,
): Promise<MonitorReadyOutputs> {
  const client = sharedRestClient(connectionSettingsFor(settingsOwner));
  const maxIntervalMs = inputs.pollIntervalSeconds * 1000;
  const startedAt = Date.now();
  const schedule: PollSchedule = {
    startedAt,
    deadline: startedAt + inputs.timeoutSeconds * 1000,
    initialIntervalMs: Math.min(1000, maxIntervalMs),
    maxIntervalMs,
  };
  const table = inputs.tableName;
  const monitor = await waitForMonitorActive(client, table, schedule);
  let started: RefreshInfo | undefined;
  const progress = (refresh: RefreshInfo | undefined, tablesExist: boolean): MonitorReadyOutputs =>
    outputsOf(inputs, monitor, refresh, tablesExist);
  const metricTables = [monitor.profile_metrics_table_name, monitor.drift_metrics_table_name];
  try {
    // Metric tables dropped since the last SUCCESS, or a changed configuration, need a new
    // refresh: only a refresh writes them.
    const refresh = inputs.firstRefresh
      ? await ensureSuccessfulRefresh(client, table, schedule, (r) => (started = r), {
          tables: metricTables,
          acceptEarlierSuccess: !configurationChanged,
        })
      : undefined;
    await waitForTables(
      client,
      metricTables,
      schedule,
      inputs.firstRefresh
        ? "a successful refresh should have written them; look at the refresh history."
        : "they are written by the first successful refresh: set firstRefresh or run one.",
    );
    // A refresh may have filled in the dashboard: report the monitor as it is now.
    // Within the wait's deadline; at the deadline the monitor as last seen will do.
    const current =
      (await getMonitor(client.withDeadline(checksDeadline(schedule)), table).catch(
        (error: unknown) => {
          if (isDeadlineExceeded(error)) return monitor;
          throw error;
        },
      )) ?? monitor;
    return outputsOf(inputs, current, refresh, true);
  } catch (error) {
    if (started !== undefined) {
      throw new PartialCreateError(error, table.toLowerCase(), { ...progress(started, false) });
    }
    throw error;
  }
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
    metricTablesExist,
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
  const tablesExist =
    (await tableExists(client, monitor.profile_metrics_table_name)) &&
    (await tableExists(client, monitor.drift_metrics_table_name));
  return outputsOf(inputsOf(stored), monitor, refresh, tablesExist);
}

function inputsOf(stored: MonitorReadyOutputs): MonitorReadyInputs {
  return {
    tableName: stored.tableName,
    ...(stored.monitorVersion === undefined ? {} : { monitorVersion: stored.monitorVersion }),
    firstRefresh: stored.firstRefresh,
    timeoutSeconds: stored.timeoutSeconds,
    pollIntervalSeconds: stored.pollIntervalSeconds,
  };
}

export function configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void {
  rememberConfiguration(provider, req);
}

export async function create(
  provider: object,
  inputs: MonitorReadyInputs,
): Promise<pulumi.dynamic.CreateResult<MonitorReadyOutputs>> {
  const outs = await waitForMonitorReady(provider, inputs);
  return { id: inputs.tableName.toLowerCase(), outs };
}

export async function update(
  provider: object,
  _id: string,
  olds: MonitorReadyOutputs,
  news: MonitorReadyInputs,
): Promise<pulumi.dynamic.UpdateResult<MonitorReadyOutputs>> {
  const versionChanged =
    news.monitorVersion !== undefined &&
    olds.monitorVersion !== undefined &&
    news.monitorVersion !== olds.monitorVersion;
  return { outs: await waitForMonitorReady(provider, news, versionChanged) };
}

export async function read(
  provider: object,
  id: string,
  stored: MonitorReadyOutputs,
): Promise<pulumi.dynamic.ReadResult<MonitorReadyOutputs>> {
  const live = await readMonitorReady(sharedRestClient(connectionSettingsFor(provider)), stored);
  if (live === undefined) return { id: "" };
  // The SDK types `inputs` as Outputs; the host only needs the input keys.
  return { id, props: live, inputs: inputsOf(stored) as MonitorReadyOutputs };
}

/** The provider methods, for the serialized shell in monitor-ready.ts. */
export const implementation: ProviderImplementation<MonitorReadyInputs, MonitorReadyOutputs> = {
  configure,
  check: checkMonitorReady,
  diff: (_id, olds, news) => diffMonitorReady(olds, news),
  create,
  read,
  update,
  // Only a wait: the monitor, its refreshes and metric tables are not this resource's.
  delete: async () => undefined,
};
