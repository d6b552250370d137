import {
  manualClock,
  startFakeWorkspace,
  type FakeWorkspace,
  type ManualClock,
} from "../support/fake-workspace";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { clientFor, waitFor, type TestClient } from "../support/fake-workspace/test-client";

const tableName = processedTable.full_name;
const monitorPath = `/api/2.1/unity-catalog/tables/${tableName}/monitor`;

describe("fake workspace: quality monitors and refreshes", () => {
  let fake: FakeWorkspace;
  let client: TestClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = manualClock();
    fake = await startFakeWorkspace({
      clock: clock.now,
      timing: { monitorActivationMs: 1000, refreshPendingMs: 100, refreshRunningMs: 400 },
    });
    seedSampleCatalog(fake.state);
    fake.state.tables.seed(processedTable);
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  describe("monitors", () => {
    it("creates PENDING with metric table names, then turns ACTIVE with a dashboard", async () => {
      const created = await client.post(monitorPath, monitorBody());
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        table_name: tableName,
        status: "MONITOR_STATUS_PENDING",
        monitor_version: 0,
        output_schema_name: "main.monitoring",
        profile_metrics_table_name: "main.monitoring.churn_processed_profile_metrics",
        drift_metrics_table_name: "main.monitoring.churn_processed_drift_metrics",
        inference_log: { problem_type: "PROBLEM_TYPE_CLASSIFICATION", granularities: ["1 day"] },
        schedule: {
          quartz_cron_expression: "0 0 6 * * ?",
          timezone_id: "UTC",
          pause_status: "UNPAUSED",
        },
      });
      expect(created.body.dashboard_id).toBeUndefined();

      clock.advance(999);
      expect((await client.get(monitorPath)).body.status).toBe("MONITOR_STATUS_PENDING");
      clock.advance(1);
      const active = (await client.get(monitorPath)).body;
      expect(active.status).toBe("MONITOR_STATUS_ACTIVE");
      expect(active.dashboard_id).toMatch(/^[0-9a-f]{32}$/);
    });

    it("does not return the create-only warehouse_id and skip_builtin_dashboard", async () => {
      const created = await client.post(monitorPath, monitorBody({ skip_builtin_dashboard: true }));
      clock.advance(1000);
      const read = (await client.get(monitorPath)).body;
      for (const body of [created.body, read]) {
        expect(body).not.toHaveProperty("warehouse_id");
        expect(body).not.toHaveProperty("skip_builtin_dashboard");
      }
      expect(read.status).toBe("MONITOR_STATUS_ACTIVE");
      expect(read.dashboard_id).toBeUndefined();
    });

    it("accepts the table name in any case", async () => {
      await client.post(monitorPath, monitorBody());
      const response = await client.get(
        `/api/2.1/unity-catalog/tables/${tableName.toUpperCase()}/monitor`,
      );
      expect(response.body.table_name).toBe(tableName);
    });

    it("answers 404 for a missing table or monitor and 409 for a second monitor", async () => {
      const noTable = await client.post(
        "/api/2.1/unity-catalog/tables/main.inference.nothing/monitor",
        monitorBody(),
      );
      expect([noTable.status, noTable.body.error_code]).toEqual([404, "TABLE_DOES_NOT_EXIST"]);
      expect((await client.get(monitorPath)).status).toBe(404);
      await client.post(monitorPath, monitorBody());
      const second = await client.post(monitorPath, monitorBody());
      expect([second.status, second.body.error_code]).toEqual([409, "RESOURCE_ALREADY_EXISTS"]);
    });

    const inferenceLog = monitorBody().inference_log as Record<string, unknown>;
    it.each<[string, Record<string, unknown>, string]>([
      ["no assets_dir", { assets_dir: undefined }, "assets_dir"],
      ["no output_schema_name", { output_schema_name: undefined }, "output_schema_name"],
      ["a one-part output schema", { output_schema_name: "monitoring" }, "output_schema_name"],
      ["no analysis type", { inference_log: undefined }, "inference_log, time_series, snapshot"],
      ["two analysis types", { snapshot: {} }, "inference_log, time_series, snapshot"],
      [
        "a bad problem_type",
        { inference_log: { ...inferenceLog, problem_type: "FORECAST" } },
        "problem_type",
      ],
      [
        "no model_id_col",
        { inference_log: { ...inferenceLog, model_id_col: undefined } },
        "inference_log.model_id_col",
      ],
      [
        "a bad granularity",
        { inference_log: { ...inferenceLog, granularities: ["2 days"] } },
        "granularities",
      ],
      [
        "no granularities",
        { inference_log: { ...inferenceLog, granularities: [] } },
        "granularities",
      ],
      [
        "a column not in the table",
        { inference_log: { ...inferenceLog, prediction_col: "nope" } },
        "prediction_col",
      ],
      [
        "six failure emails",
        {
          notifications: {
            on_failure: {
              email_addresses: ["1", "2", "3", "4", "5", "6"].map((n) => `${n}@example.com`),
            },
          },
        },
        "email_addresses",
      ],
      [
        "a bad cron",
        { schedule: { quartz_cron_expression: "0 6 * * *", timezone_id: "UTC" } },
        "quartz_cron_expression",
      ],
      [
        "a bad timezone",
        { schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: "Mars/Olympus" } },
        "timezone_id",
      ],
      [
        "an incomplete custom metric",
        {
          custom_metrics: [
            {
              type: "CUSTOM_METRIC_TYPE_AGGREGATE",
              name: "m",
              input_columns: [":table"],
              definition: "1",
            },
          ],
        },
        "output_data_type",
      ],
    ])("rejects a create with %s (400, names the field)", async (_what, overrides, field) => {
      const response = await client.post(monitorPath, monitorBody(overrides));
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(response.body.message).toContain(field);
      expect(fake.state.monitors.get(tableName)).toBeUndefined();
    });

    it("accepts time_series and snapshot monitors", async () => {
      fake.state.seedSchemas("main.x");
      fake.state.tables.seed({ full_name: "main.x.snap", columns: [{ name: "a", type: "int" }] });
      const snapshot = await client.post("/api/2.1/unity-catalog/tables/main.x.snap/monitor", {
        assets_dir: "/Workspace/x",
        output_schema_name: "main.monitoring",
        snapshot: {},
      });
      expect(snapshot.status).toBe(200);
      const series = await client.post(monitorPath, {
        assets_dir: "/Workspace/x",
        output_schema_name: "main.monitoring",
        time_series: { granularities: ["1 hour", "1 week"], timestamp_col: "request_time" },
      });
      expect(series.status).toBe(200);
    });

    it("updates with a full PUT: requires output_schema_name, clears omitted fields, bumps the version", async () => {
      fake.state.monitors.seed(tableName, monitorBody());
      fake.state.tables.seed({ ...processedTable, full_name: "main.inference.baseline" });
      const { output_schema_name: _schema, ...withoutSchema } = monitorBody();
      const missing = await client.put(monitorPath, withoutSchema);
      expect([missing.status, missing.body.message]).toEqual([
        400,
        "Missing required field: output_schema_name",
      ]);

      const moved = await client.put(
        monitorPath,
        monitorBody({ output_schema_name: "main.elsewhere" }),
      );
      expect(moved.status).toBe(400);

      const updated = await client.put(
        monitorPath,
        monitorBody({
          slicing_exprs: undefined,
          assets_dir: "/ignored",
          baseline_table_name: "main.inference.baseline",
        }),
      );
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        status: "MONITOR_STATUS_PENDING",
        monitor_version: 1,
        baseline_table_name: "main.inference.baseline",
        assets_dir: monitorBody().assets_dir,
      });
      expect(updated.body.slicing_exprs).toBeUndefined();
      clock.advance(1000);
      expect((await client.get(monitorPath)).body.status).toBe("MONITOR_STATUS_ACTIVE");
    });

    it("refuses an update that switches the analysis type", async () => {
      fake.state.monitors.seed(tableName, monitorBody());
      const response = await client.put(monitorPath, {
        output_schema_name: "main.monitoring",
        snapshot: {},
        inference_log: undefined,
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/analysis type/);
    });

    it("lets only the creator update (403 PERMISSION_DENIED for others)", async () => {
      fake.state.monitors.seed(tableName, monitorBody());
      fake.state.access.addPersonalAccessToken("other", "someone-else@example.com");
      const response = await client.put(monitorPath, monitorBody(), { token: "other" });
      expect([response.status, response.body.error_code]).toEqual([403, "PERMISSION_DENIED"]);
    });

    it("ends a planned failing activation in MONITOR_STATUS_ERROR with the message", async () => {
      fake.state.monitors.failNextActivation(tableName, "schema mismatch");
      await client.post(monitorPath, monitorBody());
      clock.advance(1000);
      expect((await client.get(monitorPath)).body).toMatchObject({
        status: "MONITOR_STATUS_ERROR",
        latest_monitor_failure_msg: "schema mismatch",
      });
    });

    it("deletes the monitor but keeps its metric tables", async () => {
      fake.state.monitors.seed(tableName, monitorBody());
      fake.state.monitors.startRefresh(tableName);
      fake.state.settle();
      expect((await client.delete(monitorPath)).body).toEqual({});
      expect((await client.get(monitorPath)).status).toBe(404);
      expect(fake.state.tables.exists("main.monitoring.churn_processed_profile_metrics")).toBe(
        true,
      );
      expect((await client.delete(monitorPath)).status).toBe(404);
    });
  });

  describe("refreshes", () => {
    beforeEach(() => {
      fake.state.monitors.seed(tableName, monitorBody());
    });
    const refreshes = `${monitorPath}/refreshes`;

    it("goes PENDING -> RUNNING -> SUCCESS and creates the metric tables on success", async () => {
      const started = await client.post(refreshes);
      expect(started.status).toBe(200);
      expect(started.body).toEqual({
        refresh_id: expect.any(Number),
        state: "PENDING",
        trigger: "MANUAL",
        start_time_ms: clock.now(),
      });
      const one = `${refreshes}/${String(started.body.refresh_id)}`;

      clock.advance(100);
      expect((await client.get(one)).body.state).toBe("RUNNING");
      expect(fake.state.tables.exists("main.monitoring.churn_processed_drift_metrics")).toBe(false);
      clock.advance(399);
      expect((await client.get(one)).body.state).toBe("RUNNING");
      clock.advance(1);
      const done = (await client.get(one)).body;
      expect(done).toMatchObject({
        state: "SUCCESS",
        end_time_ms: started.body.start_time_ms + 500,
      });

      const drift = (
        await client.get(
          "/api/2.1/unity-catalog/tables/main.monitoring.churn_processed_drift_metrics",
        )
      ).body;
      expect(drift.columns.map((column: { name: string }) => column.name)).toEqual(
        expect.arrayContaining([
          "window",
          "drift_type",
          "js_distance",
          "ks_test",
          "population_stability_index",
        ]),
      );
      expect(fake.state.tables.exists("main.monitoring.churn_processed_profile_metrics")).toBe(
        true,
      );
    });

    it("moves on by itself in real time", async () => {
      const realTime = await startFakeWorkspace({
        timing: { monitorActivationMs: 20, refreshPendingMs: 20, refreshRunningMs: 20 },
      });
      try {
        seedSampleCatalog(realTime.state);
        realTime.state.tables.seed(processedTable);
        const realClient = clientFor(realTime);
        await realClient.post(monitorPath, monitorBody());
        await waitFor(
          () => realClient.get(monitorPath),
          (r) => r.body.status === "MONITOR_STATUS_ACTIVE",
        );
        const started = await realClient.post(`${monitorPath}/refreshes`);
        const seen = new Set<string>([started.body.state]);
        await waitFor(
          () => realClient.get(`${monitorPath}/refreshes/${String(started.body.refresh_id)}`),
          (r) => {
            seen.add(r.body.state);
            return r.body.state === "SUCCESS";
          },
          { intervalMs: 2 },
        );
        expect([...seen]).toEqual(expect.arrayContaining(["PENDING", "SUCCESS"]));
      } finally {
        await realTime.close();
      }
    });

    it("ends a planned failing refresh FAILED with its message, and only that one", async () => {
      fake.state.monitors.failNextRefresh(tableName, "Table has no rows in the last 30 days");
      const failing = (await client.post(refreshes)).body;
      const next = (await client.post(refreshes)).body;
      clock.advance(500);
      expect((await client.get(`${refreshes}/${String(failing.refresh_id)}`)).body).toMatchObject({
        state: "FAILED",
        message: "Table has no rows in the last 30 days",
        end_time_ms: expect.any(Number),
      });
      expect((await client.get(`${refreshes}/${String(next.refresh_id)}`)).body.state).toBe(
        "SUCCESS",
      );
    });

    it("lists refreshes most recent first", async () => {
      const first = (await client.post(refreshes)).body;
      const second = (await client.post(refreshes)).body;
      const list = (await client.get(refreshes)).body;
      expect(list.refreshes.map((r: { refresh_id: number }) => r.refresh_id)).toEqual([
        second.refresh_id,
        first.refresh_id,
      ]);
      expect(second.refresh_id).toBeGreaterThan(first.refresh_id);
    });

    it("lists them oldest first when told to (the API documents no order)", async () => {
      fake.state.monitors.refreshListOrder = "oldest-first";
      for (let i = 0; i < 27; i++) fake.state.monitors.startRefresh(tableName, "SCHEDULE");
      const ids = (await client.get(refreshes)).body.refreshes.map(
        (r: { refresh_id: number }) => r.refresh_id,
      );
      expect(ids).toHaveLength(25);
      expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
      expect(ids[24]).toBe(fake.state.monitors.refreshes(tableName)[24]?.refresh_id);
    });

    it("keeps only the 25 most recent in the list", async () => {
      for (let i = 0; i < 27; i++) fake.state.monitors.startRefresh(tableName, "SCHEDULE");
      const list = (await client.get(refreshes)).body.refreshes;
      expect(list).toHaveLength(25);
      expect(list[0].trigger).toBe("SCHEDULE");
    });

    it("cancels a running refresh; cancelling a finished one changes nothing", async () => {
      const running = (await client.post(refreshes)).body;
      clock.advance(150);
      expect((await client.post(`${refreshes}/${String(running.refresh_id)}/cancel`)).body).toEqual(
        {},
      );
      const canceled = (await client.get(`${refreshes}/${String(running.refresh_id)}`)).body;
      expect(canceled).toMatchObject({ state: "CANCELED", end_time_ms: clock.now() });
      clock.advance(1000);
      expect((await client.get(`${refreshes}/${String(running.refresh_id)}`)).body.state).toBe(
        "CANCELED",
      );

      const finished = (await client.post(refreshes)).body;
      clock.advance(500);
      await client.post(`${refreshes}/${String(finished.refresh_id)}/cancel`);
      expect((await client.get(`${refreshes}/${String(finished.refresh_id)}`)).body.state).toBe(
        "SUCCESS",
      );
    });

    it("answers 404 for an unknown refresh id and 400 for a non-numeric one", async () => {
      expect((await client.get(`${refreshes}/123`)).status).toBe(404);
      expect((await client.get(`${refreshes}/abc`)).status).toBe(400);
      expect(
        (await client.post("/api/2.1/unity-catalog/tables/main.x.none/monitor/refreshes")).status,
      ).toBe(404);
    });
  });
});
