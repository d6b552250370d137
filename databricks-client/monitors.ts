import { DatabricksConnectionError, isNotFound } from "./errors";
import { failureReason, isTransientConnectionCode } from "./rest-failures";
import type { FailureVerdict } from "./retry";
import type { RestClient } from "./rest";

/** The fields of `MonitorInfo` (docs/databricks-api.md, quality monitors, the API) that readiness cares about. */
export interface MonitorInfo {
  table_name: string;
  status: string;
  monitor_version?: number;
  profile_metrics_table_name: string;
  drift_metrics_table_name: string;
  dashboard_id?: string;
  latest_monitor_failure_msg?: string;
}

/** `MonitorRefreshInfo` (docs/databricks-api.md, quality monitors, refreshes), with the int64 id as a string. */
export interface RefreshInfo {
  refresh_id: string;
  state: string;
  trigger?: string;
  start_time_ms?: number;
  end_time_ms?: number;
  message?: string;
}

const monitorPath = (table: string): string =>
  `/api/2.1/unity-catalog/tables/${encodeURIComponent(table)}/monitor`;

/** Undefined when the table has no monitor. */
export async function getMonitor(
  client: RestClient,
  table: string,
): Promise<MonitorInfo | undefined> {
  try {
    return await client.get<MonitorInfo>(monitorPath(table));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The most recent refreshes (the API keeps 25), newest first. The API does not document the
 * order it lists them in, so they are sorted here: by start time, then by id.
 */
export async function listRefreshes(client: RestClient, table: string): Promise<RefreshInfo[]> {
  const answer = await client.get<{ refreshes?: RefreshInfo[] }>(`${monitorPath(table)}/refreshes`);
  return (answer.refreshes ?? []).map(normalizeRefresh).sort(newestFirst);
}

/**
 * Later start first. A refresh without a start time is taken as the newest (one just queued).
 * Equal times fall back to the id, compared as an integer (ids are int64; string order would
 * put "9" after "10"). ASSUMPTION (UNCONFIRMED): ids grow with time within a workspace.
 */
function newestFirst(a: RefreshInfo, b: RefreshInfo): number {
  const started = (r: RefreshInfo) => r.start_time_ms ?? Number.POSITIVE_INFINITY;
  if (started(a) !== started(b)) return started(b) - started(a);
  return compareIds(b.refresh_id, a.refresh_id);
}

function compareIds(a: string, b: string): number {
  const integer = /^[0-9]+$/;
  if (integer.test(a) && integer.test(b)) {
    const difference = BigInt(a) - BigInt(b);
    return difference === 0n ? 0 : difference > 0n ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function getRefresh(
  client: RestClient,
  table: string,
  refreshId: string,
): Promise<RefreshInfo | undefined> {
  try {
    const refresh = await client.get<RefreshInfo>(
      `${monitorPath(table)}/refreshes/${encodeURIComponent(refreshId)}`,
    );
    return normalizeRefresh(refresh);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Queues a refresh. Not idempotent: after a lost answer, look before asking again. */
export async function startRefresh(client: RestClient, table: string): Promise<RefreshInfo> {
  return normalizeRefresh(await client.post<RefreshInfo>(`${monitorPath(table)}/refreshes`));
}

function normalizeRefresh(refresh: RefreshInfo): RefreshInfo {
  return { ...refresh, refresh_id: String(refresh.refresh_id) };
}

/**
 * POST .../refreshes is not idempotent. When its answer is lost, the refresh may have started:
 * look for a refresh that was not in `before` (the history read before asking) and take it;
 * only when there is none, ask again. Asking again follows the client's retry policy and
 * deadline (backoff, budget), like every other call: a fixed number of tries gave up after
 * three resets in a row under heavy faults.
 */
export async function startRefreshOnce(
  client: RestClient,
  table: string,
  before: readonly RefreshInfo[],
): Promise<RefreshInfo> {
  const known = new Set(before.map((refresh) => refresh.refresh_id));
  return client.retrying(async () => {
    try {
      return await startRefresh(client, table);
    } catch (error) {
      if (!isLostPost(error)) throw error;
      const started = (await listRefreshes(client, table)).find((r) => !known.has(r.refresh_id));
      if (started !== undefined) return started;
      throw error;
    }
  }, lostPostVerdict);
}

/**
 * A POST whose connection broke in a way a resend may help (reset, timeout), which the client
 * did not resend itself because it may have applied.
 */
function isLostPost(error: unknown): error is DatabricksConnectionError {
  return (
    error instanceof DatabricksConnectionError &&
    !error.exhausted &&
    isTransientConnectionCode(error.code)
  );
}

function lostPostVerdict(error: unknown): FailureVerdict {
  return isLostPost(error)
    ? { retryable: true, reason: failureReason(error) }
    : { retryable: false };
}
