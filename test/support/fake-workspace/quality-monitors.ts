import type { Principal } from "./access";
import { alreadyExists, invalidParameter, notFound, permissionDenied } from "./errors";
import { Fields, type JsonObject } from "./fields";
import type { FirstContact } from "./first-contact";
import type { IdGenerator } from "./ids";
import {
  checkCreateOnlyOnUpdate,
  checkMonitorReferences,
  type MonitorCatalog,
} from "./monitor-catalog-checks";
import {
  readCreateOnlyOptions,
  readMonitorSpec,
  type CreateOnlyOptions,
  type MonitorSpec,
} from "./monitor-config";
import {
  MonitorRefreshes,
  type MonitorRefreshInfo,
  type RefreshListOrder,
} from "./monitor-refreshes";
import type { Router } from "./router";
import { driftMetricsColumns, profileMetricsColumns } from "./table-schemas";
import { parseTableName, type TableStore } from "./tables";
import type { ScheduledTask, Timeline } from "./timeline";
import type { Timing } from "./timing";

type MonitorStatus =
  | "MONITOR_STATUS_PENDING"
  | "MONITOR_STATUS_ACTIVE"
  | "MONITOR_STATUS_ERROR"
  | "MONITOR_STATUS_FAILED";

interface MonitorRecord {
  tableName: string;
  creator: string;
  spec: MonitorSpec;
  createOnly: CreateOnlyOptions;
  status: MonitorStatus;
  monitorVersion: number;
  dashboardId?: string;
  failureMessage?: string;
  activation?: ScheduledTask;
  refreshes: MonitorRefreshes;
}

/**
 * Quality monitors on UC tables (docs/databricks-api.md, quality monitors, the API). Create and update answer
 * MONITOR_STATUS_PENDING; `timing.monitorActivationMs` later the monitor is ACTIVE with a
 * dashboard. Refreshes (monitor-refreshes.ts) go PENDING -> RUNNING -> SUCCESS or FAILED; the
 * first success creates the profile and drift metric tables.
 */
export class QualityMonitorStore {
  private readonly monitors = new Map<string, MonitorRecord>();
  private readonly plannedActivationFailures = new Map<
    string,
    { message: string; status: MonitorStatus }
  >();
  private readonly plannedRefreshFailures = new Map<string, string[]>();
  private nextRefreshId: number;
  /** The order GET …/refreshes lists them in (UNCONFIRMED; see monitor-refreshes.ts). */
  refreshListOrder: RefreshListOrder = "newest-first";

  constructor(
    private readonly timeline: Timeline,
    private readonly timing: Timing,
    private readonly ids: IdGenerator,
    private readonly tables: TableStore,
    private readonly owner: Principal,
    private readonly catalog: MonitorCatalog,
    private readonly firstContact: FirstContact,
  ) {
    this.nextRefreshId = Number(ids.digits(9));
  }

  create(tableName: string, body: unknown, principal: Principal): JsonObject {
    const key = normalizeTableName(tableName);
    const table = this.tables.require(key);
    // UNCONFIRMED code for a second monitor on the same table (reference open question 2).
    if (this.monitors.has(key)) throw alreadyExists(`Monitor already exists for table '${key}'.`);
    const fields = Fields.of(body);
    const columns = table.columns.map((column) => column.name);
    const spec = readMonitorSpec(fields, columns);
    checkMonitorReferences(spec, this.tables, this.catalog);
    const record: MonitorRecord = {
      tableName: key,
      creator: principal.name,
      spec,
      createOnly: readCreateOnlyOptions(fields),
      status: "MONITOR_STATUS_PENDING",
      monitorVersion: 0,
      refreshes: new MonitorRefreshes(
        this.timeline,
        this.timing,
        () => this.createMetricTables(record),
        () => this.firstContact.refreshFailure(record.tableName),
      ),
    };
    this.monitors.set(key, record);
    this.startActivation(record);
    return this.view(record);
  }

  /** Full PUT; only the creator may update (docs/databricks-api.md, quality monitors, the API). */
  update(tableName: string, body: unknown, principal: Principal): JsonObject {
    const record = this.require(tableName);
    if (principal.name !== record.creator) {
      throw permissionDenied(`Only the monitor's creator (${record.creator}) can update it.`);
    }
    const columns = this.tables.get(record.tableName)?.columns.map((column) => column.name) ?? [];
    const fields = Fields.of(body);
    const spec = readMonitorSpec(fields, columns, record.spec);
    checkMonitorReferences(spec, this.tables, this.catalog);
    checkCreateOnlyOnUpdate(fields, record.createOnly, this.catalog.strictness);
    record.spec = spec;
    // ASSUMPTION: an update bumps monitor_version and goes through PENDING again (TF waits for
    // ACTIVE after update too).
    record.monitorVersion += 1;
    record.status = "MONITOR_STATUS_PENDING";
    record.failureMessage = undefined;
    this.startActivation(record);
    return this.view(record);
  }

  /** Metric tables and dashboard stay (docs/databricks-api.md, quality monitors, the API). */
  delete(tableName: string): void {
    const record = this.require(tableName);
    record.activation?.cancel();
    record.refreshes.stopAll();
    this.monitors.delete(record.tableName);
  }

  get(tableName: string): JsonObject | undefined {
    this.timeline.runDue();
    const record = this.monitors.get(normalizeTableName(tableName));
    return record === undefined ? undefined : this.view(record);
  }

  list(): JsonObject[] {
    this.timeline.runDue();
    return [...this.monitors.values()].map((record) => this.view(record));
  }

  /** POST …/refreshes; tests may start one with trigger SCHEDULE as if the schedule fired. */
  startRefresh(tableName: string, trigger: "MANUAL" | "SCHEDULE" = "MANUAL"): MonitorRefreshInfo {
    const record = this.require(tableName);
    const failure = this.plannedRefreshFailures.get(record.tableName)?.shift();
    return record.refreshes.start(this.nextRefreshId++, trigger, failure);
  }

  /** At most 25, the most recent, in `refreshListOrder`. */
  refreshes(tableName: string): MonitorRefreshInfo[] {
    return this.require(tableName).refreshes.list(this.refreshListOrder);
  }

  refresh(tableName: string, refreshId: number): MonitorRefreshInfo {
    return (
      this.require(tableName).refreshes.find(refreshId) ?? throwNoRefresh(tableName, refreshId)
    );
  }

  cancelRefresh(tableName: string, refreshId: number): void {
    if (!this.require(tableName).refreshes.cancel(refreshId)) throwNoRefresh(tableName, refreshId);
  }

  /** Creates a monitor as if through the API; with `active` (default) it is ACTIVE already. */
  seed(
    tableName: string,
    body: unknown,
    options: { active?: boolean; principal?: Principal } = {},
  ): JsonObject {
    this.create(tableName, body, options.principal ?? this.owner);
    if (options.active ?? true) {
      this.monitors.get(normalizeTableName(tableName))?.activation?.runNow();
    }
    return this.get(tableName) as JsonObject;
  }

  /** The next create/update of this table's monitor ends in `status` (default ERROR) with `message`. */
  failNextActivation(
    tableName: string,
    message = "Monitor setup failed (injected)",
    status: MonitorStatus = "MONITOR_STATUS_ERROR",
  ): void {
    this.plannedActivationFailures.set(normalizeTableName(tableName), { message, status });
  }

  /** The next refresh started on this table ends FAILED with `message` (queue: one per call). */
  failNextRefresh(tableName: string, message = "Refresh failed (injected)"): void {
    const key = normalizeTableName(tableName);
    this.plannedRefreshFailures.set(key, [
      ...(this.plannedRefreshFailures.get(key) ?? []),
      message,
    ]);
  }

  private require(tableName: string): MonitorRecord {
    this.timeline.runDue();
    const record = this.monitors.get(normalizeTableName(tableName));
    // Live message format seen in a live run (secondary source); the error_code there is UNCONFIRMED.
    if (record === undefined) throw notFound(`Cannot find Monitor for table '${tableName}'.`);
    return record;
  }

  private startActivation(record: MonitorRecord): void {
    record.activation?.cancel();
    const failure = this.plannedActivationFailures.get(record.tableName);
    this.plannedActivationFailures.delete(record.tableName);
    record.activation = this.timeline.after(this.timing.monitorActivationMs, () => {
      if (failure !== undefined) {
        record.status = failure.status;
        record.failureMessage = failure.message;
        return;
      }
      record.status = "MONITOR_STATUS_ACTIVE";
      // ASSUMPTION: no dashboard when skip_builtin_dashboard was set at create.
      if (record.createOnly.skip_builtin_dashboard !== true) {
        record.dashboardId ??= this.ids.hex(32);
      }
    });
  }

  /**
   * A successful refresh writes the metric tables (docs/databricks-api.md, metric tables); later ones keep them. With the
   * first-contact switches, a table without rows may get none, and the tables may lack columns.
   */
  private createMetricTables(record: MonitorRecord): void {
    if (!this.firstContact.refreshWritesTables(record.tableName)) return;
    const names = metricTableNames(record);
    // An InferenceLog monitor adds a column named after its model_id_col (UNCONFIRMED, as the
    // local warehouse's metric tables have it: databricks-tables.ts inferenceLogMetricColumns).
    const modelIdColumn = (record.spec.fields.inference_log as JsonObject | undefined)
      ?.model_id_col;
    const perModel =
      typeof modelIdColumn === "string" ? [{ name: modelIdColumn, type: "string" }] : [];
    for (const [name, columns] of [
      [names.profile, profileMetricsColumns],
      [names.drift, driftMetricsColumns],
    ] as const) {
      if (!this.tables.exists(name)) {
        this.tables.seed({
          full_name: name,
          columns: this.firstContact.metricColumns([...columns, ...perModel]),
          owner: record.creator,
        });
      }
    }
  }

  private view(record: MonitorRecord): JsonObject {
    const names = metricTableNames(record);
    return structuredClone({
      table_name: record.tableName,
      ...record.spec.fields,
      status: record.status,
      monitor_version: record.monitorVersion,
      profile_metrics_table_name: names.profile,
      drift_metrics_table_name: names.drift,
      ...(record.dashboardId === undefined ? {} : { dashboard_id: record.dashboardId }),
      ...(record.failureMessage === undefined
        ? {}
        : { latest_monitor_failure_msg: record.failureMessage }),
    });
  }
}

/** `{output_schema}.{table}_profile_metrics` / `_drift_metrics` (docs/databricks-api.md, metric tables). */
function metricTableNames(record: MonitorRecord): { profile: string; drift: string } {
  const schema = String(record.spec.fields.output_schema_name).toLowerCase();
  const table = parseTableName(record.tableName).table;
  return {
    profile: `${schema}.${table}_profile_metrics`,
    drift: `${schema}.${table}_drift_metrics`,
  };
}

function normalizeTableName(tableName: string): string {
  const { catalog, schema, table } = parseTableName(tableName);
  return `${catalog}.${schema}.${table}`;
}

function readRefreshId(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw))
    throw invalidParameter(`Invalid refresh_id '${raw}'`);
  return Number(raw);
}

export function registerQualityMonitorRoutes(router: Router, store: QualityMonitorStore): void {
  const monitor = "/api/2.1/unity-catalog/tables/{table_name}/monitor";
  const table = (params: Record<string, string>): string => params.table_name ?? "";
  router.add("POST", monitor, (ctx) => store.create(table(ctx.params), ctx.json(), ctx.principal));
  router.add("GET", monitor, ({ params }) => {
    return store.get(table(params)) ?? throwMissing(table(params));
  });
  router.add("PUT", monitor, (ctx) => store.update(table(ctx.params), ctx.json(), ctx.principal));
  router.add("DELETE", monitor, ({ params }) => {
    store.delete(table(params));
    return {};
  });
  router.add("POST", `${monitor}/refreshes`, ({ params }) => store.startRefresh(table(params)));
  router.add("GET", `${monitor}/refreshes`, ({ params }) => ({
    refreshes: store.refreshes(table(params)),
  }));
  router.add("GET", `${monitor}/refreshes/{refresh_id}`, ({ params }) =>
    store.refresh(table(params), readRefreshId(params.refresh_id)),
  );
  router.add("POST", `${monitor}/refreshes/{refresh_id}/cancel`, ({ params }) => {
    store.cancelRefresh(table(params), readRefreshId(params.refresh_id));
    return {};
  });
}

function throwNoRefresh(tableName: string, refreshId: number): never {
  throw notFound(`Refresh ${refreshId} does not exist for table '${tableName}'.`);
}

function throwMissing(tableName: string): never {
  throw notFound(`Cannot find Monitor for table '${tableName}'.`);
}
