import { closeSharedRestClients } from "../../databricks-client/rest";
import {
  monitorReadyProvider as provider,
  type MonitorReadyInputs,
  type MonitorReadyOutputs,
} from "../../dynamic-providers/monitor-ready";
import { PartialCreateError } from "../../dynamic-providers/shared/partial-create";
import { UNKNOWN } from "../../dynamic-providers/shared/unknowns";
import {
  PESSIMISTIC_FIRST_CONTACT,
  startFakeWorkspace,
  type FakeWorkspace,
} from "../support/fake-workspace";
import { EMPTY_TABLE_REFRESH_MESSAGE } from "../support/fake-workspace/first-contact";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { configureRequest, stackConfigFor } from "../databricks-client/fake-settings";

const TABLE = processedTable.full_name;
const MONITOR_PATH = `/api/2.1/unity-catalog/tables/${TABLE}/monitor`;
const REFRESHES_PATH = `${MONITOR_PATH}/refreshes`;
const PROFILE = "main.monitoring.churn_processed_profile_metrics";
const DRIFT = "main.monitoring.churn_processed_drift_metrics";

let fake: FakeWorkspace;

const inputs = (overrides: Partial<MonitorReadyInputs> = {}): MonitorReadyInputs => ({
  tableName: TABLE,
  firstRefresh: true,
  timeoutSeconds: 30, // tests that expect a timeout set a short one
  pollIntervalSeconds: 0.02,
  ...overrides,
});
const create = (overrides: Partial<MonitorReadyInputs> = {}) =>
  (provider.create as NonNullable<typeof provider.create>)(inputs(overrides));
const update = (olds: MonitorReadyOutputs, overrides: Partial<MonitorReadyInputs> = {}) =>
  (provider.update as NonNullable<typeof provider.update>)(TABLE, olds, inputs(overrides));
const seedMonitor = (active = false) => fake.state.monitors.seed(TABLE, monitorBody(), { active });
/** The processed table has rows (traffic was processed): refreshes succeed and write tables. */
const withRows = () => fake.state.firstContact.recordRows(TABLE);
const refreshPosts = () => fake.requests.count({ method: "POST", path: REFRESHES_PATH });

// The suite's default is the harder answer: a refresh of a table without rows fails.
beforeEach(async () => {
  fake = await startFakeWorkspace({
    timing: { monitorActivationMs: 120, refreshPendingMs: 40, refreshRunningMs: 60 },
    firstContact: PESSIMISTIC_FIRST_CONTACT,
  });
  seedSampleCatalog(fake.state);
  fake.state.tables.seed(processedTable);
  await provider.configure?.(configureRequest(stackConfigFor(fake)));
});
afterEach(async () => {
  closeSharedRestClients();
  await fake.close();
});

describe("create", () => {
  it("waits PENDING -> ACTIVE, runs the first refresh to SUCCESS and finds the metric tables", async () => {
    withRows();
    seedMonitor();
    expect(fake.state.monitors.get(TABLE)?.status).toBe("MONITOR_STATUS_PENDING");
    const { id, outs } = await create();
    const [refresh] = fake.state.monitors.refreshes(TABLE);
    expect(id).toBe(TABLE);
    expect(outs).toEqual({
      ...inputs(),
      monitorVersion: 0,
      status: "MONITOR_STATUS_ACTIVE",
      profileMetricsTable: PROFILE,
      driftMetricsTable: DRIFT,
      dashboardId: fake.state.monitors.get(TABLE)?.dashboard_id,
      refreshId: String(refresh?.refresh_id),
      refreshState: "SUCCESS",
      refreshMessage: "",
      metricTablesExist: true,
      metricTablesSeen: true,
    });
    expect(outs?.dashboardId).toMatch(/^[0-9a-f]{32}$/);
    expect(refreshPosts()).toBe(1);
    expect(fake.state.tables.exists(PROFILE) && fake.state.tables.exists(DRIFT)).toBe(true);
  });

  it("without rows, records the failed first refresh and 'no metric tables' instead of failing", async () => {
    seedMonitor();
    const { id, outs } = await create();
    const [refresh] = fake.state.monitors.refreshes(TABLE);
    expect(id).toBe(TABLE);
    expect(outs).toMatchObject({
      status: "MONITOR_STATUS_ACTIVE",
      refreshId: String(refresh?.refresh_id),
      refreshState: "FAILED",
      refreshMessage: EMPTY_TABLE_REFRESH_MESSAGE,
      metricTablesExist: false,
    });
    // Waiting for the first window is no change to make: the next up starts no refresh.
    expect(await provider.diff?.(TABLE, outs as MonitorReadyOutputs, inputs())).toEqual({
      changes: false,
    });
  });

  it("without rows, a refresh that succeeds but writes no tables (the variant) is recorded too", async () => {
    fake.firstContact.emptyTableRefresh = "writes-no-tables";
    seedMonitor(true);
    const { outs } = await create();
    expect(outs).toMatchObject({
      refreshState: "SUCCESS",
      refreshMessage: "",
      metricTablesExist: false,
      metricTablesSeen: false,
    });
    expect(fake.state.tables.exists(PROFILE)).toBe(false);
    // Still waiting for the first window: no diff, so an up starts no refresh every time.
    expect(await provider.diff?.(TABLE, outs as MonitorReadyOutputs, inputs())).toEqual({
      changes: false,
    });
  });

  it("without rows, a refresh that writes empty tables (the other answer) finds them", async () => {
    fake.firstContact.emptyTableRefresh = "writes-tables";
    seedMonitor(true);
    const { outs } = await create();
    expect(outs).toMatchObject({ refreshState: "SUCCESS", metricTablesExist: true });
  });

  it("stops following a slow first refresh at its deadline; read reports the tables later", async () => {
    withRows();
    fake.timing.refreshRunningMs = 60_000;
    seedMonitor(true);
    const started = Date.now();
    const { outs } = await create({ timeoutSeconds: 0.4 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outs).toMatchObject({ refreshState: "RUNNING", metricTablesExist: false });
    fake.state.settle();
    const live = await provider.read?.(TABLE, outs as MonitorReadyOutputs);
    expect(live?.props).toMatchObject({ refreshState: "SUCCESS", metricTablesExist: true });
    expect(refreshPosts()).toBe(1);
  });

  it("is idempotent: a repeated create starts no second refresh", async () => {
    withRows();
    seedMonitor(true);
    await create();
    await create();
    expect(refreshPosts()).toBe(1);
    expect(fake.state.monitors.refreshes(TABLE)).toHaveLength(1);
  });

  it("waits for a refresh already under way instead of starting another", async () => {
    withRows();
    seedMonitor(true);
    const running = fake.state.monitors.startRefresh(TABLE, "SCHEDULE");
    const { outs } = await create();
    expect(outs?.refreshId).toBe(String(running.refresh_id));
    expect(refreshPosts()).toBe(0);
  });

  it("fails fast with Databricks' message when the monitor ends in ERROR", async () => {
    fake.state.monitors.failNextActivation(TABLE, "Table has no column model_version");
    seedMonitor();
    const started = Date.now();
    const error = (await create().catch((e: unknown) => e)) as Error & { id?: string };
    expect(error.message).toBe(
      `The quality monitor on ${TABLE} is MONITOR_STATUS_ERROR: Table has no column model_version`,
    );
    // Far below the 30 s timeout: it did not wait for the deadline.
    expect(Date.now() - started).toBeLessThan(5_000);
    // Nothing was started: an ordinary failure, not a partial create.
    expect(error.id).toBeUndefined();
    expect(refreshPosts()).toBe(0);
  });

  it("reports an error after starting the refresh as a partial create carrying that refresh", async () => {
    withRows();
    seedMonitor(true);
    fake.state.access.deny({ method: "GET", path: `${REFRESHES_PATH}/{id}` });
    const error = (await create().catch((e: unknown) => e)) as PartialCreateError;
    expect(error).toBeInstanceOf(PartialCreateError);
    const [refresh] = fake.state.monitors.refreshes(TABLE);
    expect(error.message).toMatch(/403 PERMISSION_DENIED/);
    expect(error.id).toBe(TABLE);
    expect(error.properties).toMatchObject({
      tableName: TABLE,
      refreshId: String(refresh?.refresh_id),
      metricTablesExist: false,
    });
    expect(error.reasons).toEqual([error.message]);

    // The next `pulumi up` updates the partially created resource: it follows the same refresh.
    fake.state.access.clearDenials();
    const resumed = await update(error.properties as unknown as MonitorReadyOutputs);
    expect(resumed.outs).toMatchObject({ refreshState: "SUCCESS", metricTablesExist: true });
    expect(refreshPosts()).toBe(1);
  });

  it("times out naming the state it waited on", async () => {
    fake.timing.monitorActivationMs = 60_000;
    seedMonitor();
    const error = (await create({ timeoutSeconds: 0.3 }).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /^The quality monitor on main\.inference\.churn_processed is still MONITOR_STATUS_PENDING after \d\.\d s\./,
    );
  });

  it("without a first refresh, looks for the metric tables until its deadline and records them missing", async () => {
    seedMonitor(true);
    const { outs } = await create({ firstRefresh: false, timeoutSeconds: 0.2 });
    expect(outs).toMatchObject({ refreshId: "", refreshState: "", metricTablesExist: false });
    expect(refreshPosts()).toBe(0);
  });

  it("fails clearly when the table has no monitor", async () => {
    await expect(create()).rejects.toThrow(`There is no quality monitor on ${TABLE}`);
  });
});

describe("faults", () => {
  it("converge on every operation", async () => {
    withRows();
    seedMonitor();
    fake.faults.add({ method: "GET", path: MONITOR_PATH, kind: 503, retryAfterSeconds: 0 });
    fake.faults.add({ method: "GET", path: MONITOR_PATH, kind: "reset" });
    fake.faults.add({ method: "GET", path: REFRESHES_PATH, kind: 429, retryAfterSeconds: 0 });
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: 503, retryAfterSeconds: 0 });
    fake.faults.add({ method: "GET", path: `${REFRESHES_PATH}/{id}`, kind: "lost-response" });
    fake.faults.add({
      method: "GET",
      path: "/api/2.1/unity-catalog/tables/{name}/exists",
      kind: "reset",
    });
    fake.faults.add({
      method: "GET",
      path: "/api/2.1/unity-catalog/tables/{name}/exists",
      kind: "slow",
      delayMs: 50,
    });
    const { outs } = await create();
    expect(outs?.metricTablesExist).toBe(true);
    expect(fake.faults.pending()).toEqual([]);
    expect(fake.state.monitors.refreshes(TABLE)).toHaveLength(1);
  });

  it("a lost answer to 'start a refresh' adopts the refresh it started instead of starting two", async () => {
    withRows();
    seedMonitor(true);
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: "lost-response" });
    const { outs } = await create();
    const refreshes = fake.state.monitors.refreshes(TABLE);
    expect(refreshes).toHaveLength(1);
    expect(outs?.refreshId).toBe(String(refreshes[0]?.refresh_id));
    expect(refreshPosts()).toBe(1);
  });

  it("resets in a row on 'start a refresh' ask again under the retry policy, starting one refresh", async () => {
    withRows();
    seedMonitor(true);
    // Three in a row: a fixed three tries gave up here (the fault suite's seed 21 on Node 22).
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: "reset", times: 3 });
    const { outs } = await create();
    const refreshes = fake.state.monitors.refreshes(TABLE);
    expect(refreshes).toHaveLength(1);
    expect(outs?.refreshId).toBe(String(refreshes[0]?.refresh_id));
    expect(refreshPosts()).toBe(4);
  });

  it("a reset before 'start a refresh' was applied asks again, once", async () => {
    withRows();
    seedMonitor(true);
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: "reset" });
    await create();
    expect(fake.state.monitors.refreshes(TABLE)).toHaveLength(1);
    expect(refreshPosts()).toBe(2);
  });
});

describe("read", () => {
  const ready = async (): Promise<MonitorReadyOutputs> => {
    withRows();
    seedMonitor(true);
    return (await create()).outs as MonitorReadyOutputs;
  };

  it("reports the monitor as it is", async () => {
    const outs = await ready();
    const result = await provider.read?.(TABLE, outs);
    expect(result?.id).toBe(TABLE);
    expect(result?.props).toEqual(outs);
    expect(result?.inputs).toEqual({ ...inputs(), monitorVersion: 0 });
  });

  it("reports it gone (empty id) after the monitor was deleted out of band", async () => {
    const outs = await ready();
    fake.state.monitors.delete(TABLE);
    expect(await provider.read?.(TABLE, outs)).toEqual({ id: "" });
  });

  it("shows a dropped metric table as drift that the next update repairs", async () => {
    const outs = await ready();
    fake.state.tables.drop(DRIFT);
    const live = (await provider.read?.(TABLE, outs))?.props as MonitorReadyOutputs;
    expect(live.metricTablesExist).toBe(false);
    expect(await provider.diff?.(TABLE, live, inputs())).toEqual({ changes: true });
    // The earlier SUCCESS does not bring the table back: the update runs a new refresh.
    const repaired = await update(live, { monitorVersion: 0 });
    expect(refreshPosts()).toBe(2);
    expect(repaired.outs).toMatchObject({ metricTablesExist: true, refreshState: "SUCCESS" });
    expect(fake.state.tables.exists(DRIFT)).toBe(true);
  });

  it("runs a new refresh when the monitor's configuration changed (a new version)", async () => {
    const outs = await ready();
    await update(outs, { monitorVersion: 0 });
    expect(refreshPosts()).toBe(1); // same version, tables there: nothing to do
    const changed = await update(outs, { monitorVersion: 1 });
    expect(refreshPosts()).toBe(2);
    expect(changed.outs?.refreshId).not.toBe(outs.refreshId);
  });
});

describe("check and diff", () => {
  it("fills defaults, lets preview unknowns through and reports bad inputs", async () => {
    expect(
      await provider.check?.({} as MonitorReadyInputs, { tableName: TABLE } as MonitorReadyInputs),
    ).toEqual({
      inputs: {
        tableName: TABLE,
        firstRefresh: true,
        timeoutSeconds: 600,
        pollIntervalSeconds: 15,
      },
      failures: [],
    });
    const preview = await provider.check?.(
      {} as MonitorReadyInputs,
      {
        tableName: TABLE,
        monitorVersion: UNKNOWN,
        firstRefresh: UNKNOWN,
      } as unknown as MonitorReadyInputs,
    );
    expect(preview?.failures).toEqual([]);
    expect(preview?.inputs).toMatchObject({ monitorVersion: UNKNOWN, firstRefresh: UNKNOWN });
    const bad = await provider.check?.(
      {} as MonitorReadyInputs,
      {
        tableName: "processed",
        firstRefresh: "yes",
        monitorVersion: "1",
      } as unknown as MonitorReadyInputs,
    );
    expect(bad?.failures?.map((f) => f.property)).toEqual([
      "monitorVersion",
      "tableName",
      "firstRefresh",
    ]);
  });

  const olds: MonitorReadyOutputs = {
    ...inputs(),
    monitorVersion: 2,
    status: "MONITOR_STATUS_ACTIVE",
    profileMetricsTable: PROFILE,
    driftMetricsTable: DRIFT,
    dashboardId: "d",
    refreshId: "1",
    refreshState: "SUCCESS",
    refreshMessage: "",
    metricTablesExist: true,
    metricTablesSeen: true,
  };
  it.each([
    ["nothing changed", olds, inputs({ monitorVersion: 2 }), { changes: false }],
    ["no monitor version given", olds, inputs(), { changes: false }],
    [
      "only timeouts",
      olds,
      inputs({ monitorVersion: 2, timeoutSeconds: 9, pollIntervalSeconds: 9 }),
      { changes: false },
    ],
    ["the monitor was updated", olds, inputs({ monitorVersion: 3 }), { changes: true }],
    [
      "the monitor version is not known yet",
      olds,
      inputs({ monitorVersion: UNKNOWN as unknown as number }),
      { changes: true },
    ],
    [
      "the monitor is no longer active",
      { ...olds, status: "MONITOR_STATUS_ERROR" },
      inputs({ monitorVersion: 2 }),
      { changes: true },
    ],
    [
      "waiting for the first window (the first refresh failed: no rows yet)",
      {
        ...olds,
        refreshState: "FAILED",
        refreshMessage: "no rows",
        metricTablesExist: false,
        metricTablesSeen: false,
      },
      inputs({ monitorVersion: 2 }),
      { changes: false },
    ],
    [
      "waiting for the first window (the first refresh still running)",
      { ...olds, refreshState: "RUNNING", metricTablesExist: false, metricTablesSeen: false },
      inputs({ monitorVersion: 2 }),
      { changes: false },
    ],
    [
      "metric tables gone after they existed (dropped)",
      { ...olds, metricTablesExist: false },
      inputs({ monitorVersion: 2 }),
      { changes: true },
    ],
    [
      "metric tables never written although the refresh succeeded (no rows yet)",
      { ...olds, metricTablesExist: false, metricTablesSeen: false },
      inputs({ monitorVersion: 2 }),
      { changes: false },
    ],
    [
      "a state from before metricTablesSeen: gone after a SUCCESS",
      { ...olds, metricTablesExist: false, metricTablesSeen: undefined as unknown as boolean },
      inputs({ monitorVersion: 2 }),
      { changes: true },
    ],
    [
      "another table",
      olds,
      inputs({ tableName: "main.inference.other" }),
      { changes: true, replaces: ["tableName"] },
    ],
    [
      "a table not known yet",
      olds,
      inputs({ tableName: UNKNOWN }),
      { changes: true, replaces: ["tableName"] },
    ],
  ])("%s", async (_name, stored, news, expected) => {
    expect(await provider.diff?.(TABLE, stored, news)).toEqual(expected);
  });
});

it("delete leaves the monitor, its refreshes and tables alone", async () => {
  seedMonitor(true);
  fake.requests.clear();
  await provider.delete?.(TABLE, {} as MonitorReadyOutputs);
  expect(fake.requests.all()).toEqual([]);
  expect(fake.state.monitors.get(TABLE)).toBeDefined();
});
