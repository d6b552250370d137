import {
  manualClock,
  startFakeWorkspace,
  type FakeWorkspace,
  type ManualClock,
} from "../support/fake-workspace";
import {
  endpointBody,
  inferenceTableGateway,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { clientFor, waitFor, type TestClient } from "../support/fake-workspace/test-client";

const endpoints = "/api/2.0/serving-endpoints";
const tables = "/api/2.1/unity-catalog/tables";

describe("fake workspace: serving endpoints and inference tables", () => {
  let fake: FakeWorkspace;
  let client: TestClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = manualClock();
    fake = await startFakeWorkspace({
      clock: clock.now,
      timing: { endpointUpdateMs: 1000, payloadTableMs: 5000 },
    });
    seedSampleCatalog(fake.state);
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  const create = (body: Record<string, unknown>) => client.post(endpoints, body);
  const get = (name: string) => client.get(`${endpoints}/${name}`);

  describe("lifecycle", () => {
    it("creates NOT_READY / IN_PROGRESS with the config pending, then READY / NOT_UPDATING", async () => {
      const created = await create(endpointBody("churn"));
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        name: "churn",
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        creator: fake.userName,
        state: { ready: "NOT_READY", config_update: "IN_PROGRESS" },
        pending_config: {
          config_version: 1,
          start_time: clock.now(),
          served_entities: [{ name: "churn-v1", state: { deployment: "DEPLOYMENT_CREATING" } }],
        },
      });
      expect(created.body.config).toBeUndefined();

      clock.advance(999);
      expect((await get("churn")).body.state.config_update).toBe("IN_PROGRESS");

      clock.advance(1);
      const done = (await get("churn")).body;
      expect(done.state).toEqual({ ready: "READY", config_update: "NOT_UPDATING" });
      expect(done.pending_config).toBeUndefined();
      expect(done.config).toMatchObject({
        config_version: 1,
        served_entities: [
          {
            name: "churn-v1",
            entity_name: "main.ml.churn",
            state: { deployment: "DEPLOYMENT_READY" },
          },
        ],
        traffic_config: {
          routes: [
            {
              served_entity_name: "churn-v1",
              served_model_name: "churn-v1",
              traffic_percentage: 100,
            },
          ],
        },
      });
      expect(done.last_updated_timestamp).toBe(created.body.creation_timestamp + 1000);
    });

    it("moves on by itself in real time after the configured delay", async () => {
      const realTime = await startFakeWorkspace({ timing: { endpointUpdateMs: 60 } });
      try {
        seedSampleCatalog(realTime.state);
        const realClient = clientFor(realTime);
        const started = Date.now();
        await realClient.post(endpoints, endpointBody("timed"));
        const ready = await waitFor(
          () => realClient.get(`${endpoints}/timed`),
          (response) => response.body.state.config_update === "NOT_UPDATING",
        );
        expect(ready.body.state.ready).toBe("READY");
        expect(Date.now() - started).toBeGreaterThanOrEqual(60);
      } finally {
        await realTime.close();
      }
    });

    it("keeps serving the old config while an update is pending and rejects a second update", async () => {
      fake.state.endpoints.seed(endpointBody("churn"));
      const update = {
        served_entities: [{ name: "churn-v2", entity_name: "main.ml.churn", entity_version: "2" }],
      };
      const first = await client.put(`${endpoints}/churn/config`, update);
      expect(first.status).toBe(200);
      expect(first.body.state).toEqual({ ready: "READY", config_update: "IN_PROGRESS" });
      expect(first.body.config.config_version).toBe(1);
      expect(first.body.config.served_entities[0].name).toBe("churn-v1");
      expect(first.body.pending_config.config_version).toBe(2);

      const second = await client.put(`${endpoints}/churn/config`, update);
      expect(second.status).toBe(409);
      expect(second.body.error_code).toBe("RESOURCE_CONFLICT");

      clock.advance(1000);
      const done = (await get("churn")).body;
      expect(done.config.config_version).toBe(2);
      expect(done.config.served_entities.map((entity: { name: string }) => entity.name)).toEqual([
        "churn-v2",
      ]);
      expect(
        (await client.put(`${endpoints}/churn/config`, update)).body.pending_config.config_version,
      ).toBe(3);
    });

    it("ends a planned failing update as UPDATE_FAILED with the old config kept", async () => {
      fake.state.endpoints.seed(endpointBody("churn"));
      fake.state.endpoints.failNextUpdate("churn");
      await client.put(`${endpoints}/churn/config`, {
        served_entities: [{ name: "churn-v2", entity_name: "main.ml.churn", entity_version: "2" }],
      });
      clock.advance(1000);
      const failed = (await get("churn")).body;
      expect(failed.state).toEqual({ ready: "READY", config_update: "UPDATE_FAILED" });
      expect(failed.config.served_entities[0].name).toBe("churn-v1");
      expect(failed.pending_config).toBeUndefined();
    });

    it("creates an endpoint without config as NOT_READY and NOT_UPDATING", async () => {
      const created = await create({ name: "empty" });
      expect(created.body.state).toEqual({ ready: "NOT_READY", config_update: "NOT_UPDATING" });
    });

    it("lists endpoints without pending_config and deletes them", async () => {
      fake.state.endpoints.seed(endpointBody("a"));
      await create(endpointBody("b"));
      const list = await client.get(endpoints);
      expect(list.body.endpoints.map((endpoint: { name: string }) => endpoint.name)).toEqual([
        "a",
        "b",
      ]);
      expect(list.body.endpoints[1].pending_config).toBeUndefined();

      expect((await client.delete(`${endpoints}/a`)).status).toBe(200);
      expect((await get("a")).status).toBe(404);
      const again = await client.delete(`${endpoints}/a`);
      expect([again.status, again.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    });

    it("adds and deletes tags", async () => {
      await create(
        endpointBody("tagged", {
          tags: [
            { key: "team", value: "ml" },
            { key: "tier", value: "1" },
          ],
        }),
      );
      const patched = await client.patch(`${endpoints}/tagged/tags`, {
        add_tags: [
          { key: "tier", value: "2" },
          { key: "env", value: "dev" },
        ],
        delete_tags: ["team"],
      });
      expect(patched.body).toEqual({
        tags: [
          { key: "tier", value: "2" },
          { key: "env", value: "dev" },
        ],
      });
      expect((await get("tagged")).body.tags).toEqual(patched.body.tags);
      expect(
        (await client.patch(`${endpoints}/tagged/tags`, { add_tags: [{ value: "x" }] })).status,
      ).toBe(400);
    });
  });

  describe("validation", () => {
    const entity = (overrides: Record<string, unknown>) =>
      endpointBody("v", {
        config: {
          served_entities: [
            { name: "e", entity_name: "main.ml.m", entity_version: "1", ...overrides },
          ],
        },
      });

    it("fills workload_size when neither size nor concurrency was sent, and only then", async () => {
      const filled = await create(endpointBody("default-size"));
      expect(filled.body.pending_config.served_entities[0]).toMatchObject({
        workload_size: "Small",
        workload_type: "CPU",
      });

      const concurrency = await create({
        ...entity({ min_provisioned_concurrency: 0, max_provisioned_concurrency: 4 }),
        name: "by-concurrency",
      });
      expect(concurrency.status).toBe(200);
      expect(concurrency.body.pending_config.served_entities[0].workload_size).toBeUndefined();

      const both = await create(entity({ workload_size: "Small", max_provisioned_concurrency: 4 }));
      expect(both.status).toBe(400);
    });

    it.each([
      ["workload_type", { workload_type: "TPU" }, "config.served_entities[0].workload_type"],
      ["workload_size", { workload_size: "Huge" }, "config.served_entities[0].workload_size"],
      ["entity_version", { entity_version: undefined }, "config.served_entities[0].entity_version"],
    ])("rejects a bad %s with 400 naming the field", async (_field, overrides, path) => {
      const response = await create(entity(overrides));
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(response.body.message).toContain(path);
      expect(fake.state.endpoints.get("v")).toBeUndefined();
    });

    it.each([["has space"], ["dots.not.allowed"], ["slash/no"], [""]])(
      "rejects the endpoint name %p",
      async (name) => {
        const response = await create(endpointBody(name));
        expect(response.status).toBe(400);
        expect(response.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      },
    );

    it("accepts letters, digits, '-' and '_' in names", async () => {
      expect((await create(endpointBody("Churn_model-2"))).status).toBe(200);
    });

    it("checks that routes name served entities and add up to 100", async () => {
      const twoEntities = (routes?: unknown) => ({
        name: "split",
        config: {
          served_entities: [
            { name: "a", entity_name: "main.ml.m", entity_version: "1" },
            { name: "b", entity_name: "main.ml.m", entity_version: "2" },
          ],
          ...(routes === undefined ? {} : { traffic_config: { routes } }),
        },
      });
      const bad = [
        undefined,
        [
          { served_entity_name: "a", traffic_percentage: 50 },
          { served_entity_name: "b", traffic_percentage: 40 },
        ],
        [
          { served_entity_name: "a", traffic_percentage: 50 },
          { served_entity_name: "zzz", traffic_percentage: 50 },
        ],
        [{ served_entity_name: "a", traffic_percentage: 150 }],
      ];
      for (const routes of bad) {
        expect([routes, (await create(twoEntities(routes))).status]).toEqual([routes, 400]);
      }
      const good = await create(
        twoEntities([
          { served_model_name: "a", traffic_percentage: 80 },
          { served_entity_name: "b", traffic_percentage: 20 },
        ]),
      );
      expect(good.status).toBe(200);
      expect(good.body.pending_config.traffic_config.routes).toEqual([
        { served_entity_name: "a", served_model_name: "a", traffic_percentage: 80 },
        { served_entity_name: "b", served_model_name: "b", traffic_percentage: 20 },
      ]);
    });

    it("returns served entities sorted by name, whatever order they were sent in", async () => {
      const response = await create({
        name: "order",
        config: {
          served_entities: [
            { name: "zeta", entity_name: "main.ml.m", entity_version: "1" },
            { name: "alpha", entity_name: "main.ml.m", entity_version: "2" },
          ],
          traffic_config: { routes: [{ served_entity_name: "zeta", traffic_percentage: 100 }] },
        },
      });
      expect(
        response.body.pending_config.served_entities.map((e: { name: string }) => e.name),
      ).toEqual(["alpha", "zeta"]);
    });

    it("refuses to enable the legacy auto_capture_config", async () => {
      const response = await create(
        endpointBody("legacy", {
          config: {
            served_entities: [{ name: "e", entity_name: "main.ml.m", entity_version: "1" }],
            auto_capture_config: { catalog_name: "main", schema_name: "inference" },
          },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/ai_gateway/);
    });
  });

  describe("AI Gateway inference table", () => {
    const exists = async (name: string) =>
      (await client.get(`${tables}/${name}/exists`)).body.table_exists;

    it("creates <catalog>.<schema>.<endpoint>_payload some time after create, not at once", async () => {
      await create(
        endpointBody("churn", { ai_gateway: inferenceTableGateway("main", "inference") }),
      );
      expect(await exists("main.inference.churn_payload")).toBe(false);
      expect((await client.get(`${tables}/main.inference.churn_payload`)).status).toBe(404);

      clock.advance(4999);
      expect(await exists("main.inference.churn_payload")).toBe(false);
      clock.advance(1);
      expect(await exists("main.inference.churn_payload")).toBe(true);

      const table = (await client.get(`${tables}/main.inference.churn_payload`)).body;
      expect(table).toMatchObject({
        full_name: "main.inference.churn_payload",
        catalog_name: "main",
        schema_name: "inference",
        name: "churn_payload",
        owner: fake.userName,
        data_source_format: "DELTA",
      });
      expect(table.columns.map((column: { name: string }) => column.name)).toEqual([
        "databricks_request_id",
        "request_date",
        "client_request_id",
        "request_time",
        "status_code",
        "sampling_fraction",
        "execution_duration_ms",
        "request",
        "response",
        "logging_error_codes",
        "served_entity_id",
        "requester",
      ]);
      expect(table.columns[9]).toMatchObject({
        type_text: "array<string>",
        type_name: "ARRAY",
        position: 9,
      });
    });

    it("creates the table after PUT ai-gateway enables it, with the given prefix, and echoes the gateway", async () => {
      fake.state.endpoints.seed(endpointBody("churn"));
      const gateway = {
        ...inferenceTableGateway("main", "inference", "churn_ep"),
        usage_tracking_config: { enabled: true },
      };
      const put = await client.put(`${endpoints}/churn/ai-gateway`, gateway);
      expect(put.status).toBe(200);
      expect(put.body).toEqual(gateway);
      expect((await get("churn")).body.ai_gateway).toEqual(gateway);
      clock.advance(5000);
      expect(await exists("main.inference.churn_ep_payload")).toBe(true);
    });

    it("never creates the table when the gateway is disabled before it appears", async () => {
      await create(endpointBody("churn", { ai_gateway: inferenceTableGateway() }));
      await client.put(`${endpoints}/churn/ai-gateway`, {
        inference_table_config: { enabled: false },
      });
      clock.advance(10_000);
      expect(await exists("main.inference.churn_payload")).toBe(false);
    });

    it("refuses to move an enabled table, but allows disable then re-enable elsewhere", async () => {
      fake.state.seedSchemas("main.other");
      await create(
        endpointBody("churn", { ai_gateway: inferenceTableGateway("main", "inference") }),
      );
      const moved = await client.put(
        `${endpoints}/churn/ai-gateway`,
        inferenceTableGateway("main", "other"),
      );
      expect(moved.status).toBe(400);
      expect(moved.body.error_code).toBe("INVALID_PARAMETER_VALUE");

      await client.put(`${endpoints}/churn/ai-gateway`, {
        inference_table_config: { enabled: false },
      });
      expect(
        (await client.put(`${endpoints}/churn/ai-gateway`, inferenceTableGateway("main", "other")))
          .status,
      ).toBe(200);
      clock.advance(5000);
      expect(await exists("main.other.churn_payload")).toBe(true);
      expect(await exists("main.inference.churn_payload")).toBe(false);
    });

    it("requires catalog_name and schema_name when enabling", async () => {
      const response = await create(
        endpointBody("churn", {
          ai_gateway: { inference_table_config: { enabled: true, catalog_name: "main" } },
        }),
      );
      expect(response.status).toBe(400);
      expect(response.body.message).toContain("ai_gateway.inference_table_config.schema_name");
    });

    it("validates rate limits and the fallback config", async () => {
      const badPeriod = await create(
        endpointBody("a", { ai_gateway: { rate_limits: [{ calls: 10, renewal_period: "hour" }] } }),
      );
      expect(badPeriod.status).toBe(400);
      const noEnabled = await create(endpointBody("b", { ai_gateway: { fallback_config: {} } }));
      expect(noEnabled.status).toBe(400);
    });
  });

  describe("tables", () => {
    it("serves seeded tables case-insensitively, with type names derived from type texts", async () => {
      fake.state.seedSchemas("main.features");
      fake.state.tables.seed({
        full_name: "Main.Features.Churn",
        columns: [
          { name: "id", type: "bigint", nullable: false },
          { name: "score", type: "decimal(10,2)" },
          { name: "when", type: "timestamp" },
        ],
      });
      const response = await client.get(`${tables}/main.features.CHURN`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        full_name: "main.features.churn",
        table_type: "MANAGED",
        table_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        columns: [
          { name: "id", type_text: "bigint", type_name: "LONG", position: 0, nullable: false },
          {
            name: "score",
            type_text: "decimal(10,2)",
            type_name: "DECIMAL",
            position: 1,
            nullable: true,
          },
          { name: "when", type_text: "timestamp", type_name: "TIMESTAMP", position: 2 },
        ],
      });
      expect((await client.get(`${tables}/main.features.churn/exists`)).body).toEqual({
        table_exists: true,
      });
      fake.state.tables.drop("main.features.churn");
      expect((await client.get(`${tables}/main.features.churn/exists`)).body).toEqual({
        table_exists: false,
      });
    });

    it("rejects a name that is not catalog.schema.table with 400", async () => {
      const response = await client.get(`${tables}/just_a_table/exists`);
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    });
  });
});
