import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import {
  routeShapes,
  shapeResponseBody,
  unshapedRoutes,
} from "../support/fake-workspace/route-shapes";
import { buildRouter } from "../support/fake-workspace/routes";
import {
  keepKnown,
  mapOf,
  message,
  missingFields,
  unknownFields,
  VALUE,
} from "../support/fake-workspace/shape";
import {
  alertBody,
  endpointBody,
  inferenceTableGateway,
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import {
  clientFor,
  type TestClient,
  type TestResponse,
} from "../support/fake-workspace/test-client";

const endpoints = "/api/2.0/serving-endpoints";
const uc = "/api/2.1/unity-catalog";
const monitorPath = `${uc}/tables/${processedTable.full_name}/monitor`;

describe("fake workspace: answers and requests follow the SDK's typed messages", () => {
  let fake: FakeWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    fake = await startFakeWorkspace();
    seedSampleCatalog(fake.state);
    fake.state.tables.seed(processedTable);
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  it("has a message (or a reason for none) for every route it serves, and no others", () => {
    const served = buildRouter(fake.state, fake.timing, fake.workspaceId)
      .list()
      .map((route) => `${route.method} ${route.pattern}`);
    const described = [...routeShapes.keys(), ...unshapedRoutes.keys()];
    expect([...served].sort()).toEqual([...described].sort());
  });

  it("answers every route with only its message's fields, and always the output fields", async () => {
    const checked = new Set<string>();
    const check = (response: TestResponse): void => {
      const route = fake.requests.last()?.route ?? "";
      expect([route, response.status]).toEqual([route, 200]);
      const shape = routeShapes.get(route);
      if (shape === undefined) throw new Error(`no shape for ${route}`);
      expect([route, unknownFields(response.body, shape.response)]).toEqual([route, []]);
      expect([route, missingFields(response.body, shape.response)]).toEqual([route, []]);
      checked.add(route);
    };

    // Serving: create (config pending), list, get, updates, tags.
    check(
      await client.post(
        endpoints,
        endpointBody("churn", {
          ai_gateway: inferenceTableGateway(),
          tags: [{ key: "team", value: "ml" }],
          description: "churn model",
        }),
      ),
    );
    check(await client.get(endpoints));
    fake.state.settle();
    check(await client.get(`${endpoints}/churn`));
    const v2 = (endpointBody().config as { served_entities: Array<Record<string, unknown>> })
      .served_entities[0];
    check(
      await client.put(`${endpoints}/churn/config`, {
        served_entities: [{ ...v2, name: "churn-v2", entity_version: "2" }],
      }),
    );
    check(await client.get(`${endpoints}/churn`)); // with pending_config
    check(await client.put(`${endpoints}/churn/ai-gateway`, inferenceTableGateway()));
    check(await client.patch(`${endpoints}/churn/tags`, { add_tags: [{ key: "tier" }] }));

    // Unity Catalog reads.
    check(await client.get(`${uc}/tables/${processedTable.full_name}`));
    check(await client.get(`${uc}/tables/${processedTable.full_name}/exists`));
    check(await client.get(`${uc}/catalogs`));
    check(await client.get(`${uc}/catalogs/main`));
    check(await client.get(`${uc}/schemas`, { query: { catalog_name: "main" } }));
    check(await client.get(`${uc}/schemas/main.ml`));
    check(await client.get(`${uc}/models/main.ml.churn`, { query: { include_aliases: true } }));
    check(await client.get(`${uc}/models/main.ml.churn/versions`));
    check(await client.get(`${uc}/models/main.ml.churn/versions/1`));
    check(await client.get(`${uc}/models/main.ml.churn/aliases/champion`));
    check(
      await client.get(`${uc}/tables`, {
        query: { catalog_name: "main", schema_name: "inference" },
      }),
    );
    check(await client.get(`${uc}/models`, { query: { catalog_name: "main", schema_name: "ml" } }));
    fake.state.grants.grant("schema", "main.ml", "data-team", ["USE_SCHEMA", "EXECUTE"]);
    check(await client.get(`${uc}/effective-permissions/function/main.ml.churn`));

    // Who the caller is, and a warehouse with its permissions.
    check(await client.get("/api/2.0/preview/scim/v2/Me"));
    fake.state.warehouses.seed({ id: "abc123" });
    check(await client.get("/api/2.0/sql/warehouses/abc123"));
    check(await client.get("/api/2.0/permissions/warehouses/abc123"));

    // Monitor and refreshes.
    check(await client.post(monitorPath, monitorBody()));
    fake.state.settle();
    check(await client.get(monitorPath));
    check(await client.put(monitorPath, monitorBody()));
    const refresh = await client.post(`${monitorPath}/refreshes`);
    check(refresh);
    check(await client.get(`${monitorPath}/refreshes`));
    check(await client.get(`${monitorPath}/refreshes/${String(refresh.body.refresh_id)}`));
    check(await client.post(`${monitorPath}/refreshes/${String(refresh.body.refresh_id)}/cancel`));

    // Destinations and alerts.
    const destinations = "/api/2.0/notification-destinations";
    const destination = await client.post(destinations, {
      display_name: "pager",
      config: { pagerduty: { integration_key: "secret-key" } },
    });
    check(destination);
    const destinationPath = `${destinations}/${String(destination.body.id)}`;
    check(await client.get(destinations));
    check(await client.get(destinationPath));
    check(await client.patch(destinationPath, { display_name: "pager (ml)" }));
    const alert = await client.post(
      "/api/2.0/alerts",
      alertBody({
        evaluation: {
          ...(alertBody().evaluation as object),
          notification: { subscriptions: [{ destination_id: destination.body.id }] },
        },
      }),
    );
    check(alert);
    const alertPath = `/api/2.0/alerts/${String(alert.body.id)}`;
    check(await client.get("/api/2.0/alerts"));
    check(await client.get(alertPath));
    check(
      await client.patch(
        alertPath,
        { display_name: "renamed" },
        {
          query: { update_mask: "display_name" },
        },
      ),
    );

    // Deletes answer {}.
    check(await client.delete(alertPath));
    check(await client.delete(destinationPath));
    check(await client.delete(monitorPath));
    check(await client.delete(`${endpoints}/churn`));

    expect([...routeShapes.keys()].filter((route) => !checked.has(route))).toEqual([]);
    // Nothing had to be cut: the stores answer in shape by themselves.
    expect(fake.requests.all().filter((entry) => entry.strayFields !== undefined)).toEqual([]);
  });

  it("lists endpoints in the summary shape: config holds only the served entities' names", async () => {
    fake.state.endpoints.seed(endpointBody("churn"));
    const listed = (await client.get(endpoints)).body.endpoints[0];
    expect(listed.config).toEqual({
      served_entities: [{ name: "churn-v1", entity_name: "main.ml.churn", entity_version: "1" }],
    });
    expect(listed).not.toHaveProperty("permission_level");
    expect(listed).not.toHaveProperty("pending_config");
    expect(fake.state.endpoints.list()).toEqual([listed]);
  });

  describe("unknown request fields", () => {
    const misspelt = () =>
      endpointBody("churn", {
        ai_gatway: inferenceTableGateway(),
        config: {
          served_entities: [
            { entity_nmae: "main.ml.churn", entity_name: "main.ml.churn", entity_version: "1" },
          ],
        },
      });

    it("are refused by default, all named, and nothing is created", async () => {
      const response = await client.post(endpoints, misspelt());
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(response.body.message).toContain("ai_gatway");
      expect(response.body.message).toContain("config.served_entities[0].entity_nmae");
      expect(fake.state.endpoints.get("churn")).toBeUndefined();
    });

    it("are dropped with unknownFields 'ignore': never stored, never echoed", async () => {
      fake.strictness.unknownFields = "ignore";
      const response = await client.post(endpoints, misspelt());
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toMatch(/gatway|nmae/);
      expect(JSON.stringify(fake.state.endpoints.get("churn"))).not.toMatch(/gatway|nmae/);
    });

    it("include a body on a call that takes none, and output-only monitor fields in a PUT", async () => {
      fake.state.monitors.seed(processedTable.full_name, monitorBody());
      const refresh = await client.post(`${monitorPath}/refreshes`, { full_refresh: true });
      expect([refresh.status, refresh.body.message]).toEqual([
        400,
        expect.stringContaining("full_refresh"),
      ]);
      // GET's answer sent back as the PUT body: status and the like are not UpdateMonitor fields.
      const current = (await client.get(monitorPath)).body;
      const put = await client.put(monitorPath, current);
      expect(put.status).toBe(400);
      expect(put.body.message).toMatch(/status.*monitor_version|monitor_version.*status/);
    });

    it("do not include an alert's output fields: PATCH takes the whole AlertV2", async () => {
      const created = (await client.post("/api/2.0/alerts", alertBody())).body;
      const patched = await client.patch(
        `/api/2.0/alerts/${String(created.id)}`,
        { ...created, display_name: "renamed" },
        { query: { update_mask: "display_name" } },
      );
      expect([patched.status, patched.body.display_name]).toEqual([200, "renamed"]);
    });
  });

  describe("create-only fields on update", () => {
    // What the Terraform provider sends on every alert update (resource_alert_v2.go).
    const terraformMask =
      "custom_description,custom_summary,display_name,evaluation,parameters,parent_path," +
      "query_text,run_as,run_as_user_name,schedule,warehouse_id";

    it("let an alert update through when parent_path is unchanged or was never set", async () => {
      const plain = (await client.post("/api/2.0/alerts", alertBody())).body;
      const withPath = (
        await client.post("/api/2.0/alerts", alertBody({ parent_path: "/Workspace/Shared/a" }))
      ).body;
      for (const [alert, body] of [
        [plain, alertBody({ display_name: "x" })],
        [withPath, alertBody({ display_name: "y", parent_path: "/Workspace/Shared/a" })],
      ] as const) {
        const response = await client.patch(`/api/2.0/alerts/${String(alert.id)}`, body, {
          query: { update_mask: terraformMask },
        });
        expect(response.status).toBe(200);
      }
    });

    it("refuse another alert parent_path by default, keep the created one with 'ignore'", async () => {
      const alert = (
        await client.post("/api/2.0/alerts", alertBody({ parent_path: "/Workspace/Shared/a" }))
      ).body;
      const path = `/api/2.0/alerts/${String(alert.id)}`;
      const moved = alertBody({ parent_path: "/Workspace/Shared/b" });
      const options = { query: { update_mask: terraformMask } };
      const refused = await client.patch(path, moved, options);
      expect([refused.status, refused.body.message]).toEqual([
        400,
        expect.stringContaining("parent_path"),
      ]);
      fake.strictness.createOnlyFields = "ignore";
      const ignored = await client.patch(path, moved, options);
      expect(ignored.status).toBe(200);
      expect(ignored.body).toMatchObject({
        parent_path: "/Workspace/Shared/a",
        effective_parent_path: "/Workspace/Shared/a",
      });
    });

    it("refuse another monitor warehouse_id by default, ignore it with 'ignore'", async () => {
      fake.state.monitors.seed(processedTable.full_name, monitorBody());
      const other = monitorBody({ warehouse_id: "another-warehouse" });
      const refused = await client.put(monitorPath, other);
      expect([refused.status, refused.body.message]).toEqual([
        400,
        expect.stringContaining("warehouse_id"),
      ]);
      expect((await client.put(monitorPath, monitorBody())).status).toBe(200);
      fake.strictness.createOnlyFields = "ignore";
      expect((await client.put(monitorPath, other)).status).toBe(200);
    });
  });
});

describe("shape: the field sets and what is done with them", () => {
  const inner = message("Inner", { a: VALUE, b: VALUE }, ["a"]);
  const outer = message("Outer", { id: VALUE, items: inner, labels: mapOf(VALUE) }, ["id"]);
  const value = {
    id: "1",
    extra: true,
    items: [{ a: 1, c: 2 }, { b: 3 }],
    labels: { anything: "goes" },
  };

  it("keeps known fields at any depth, in lists and maps", () => {
    expect(keepKnown(value, outer)).toEqual({
      id: "1",
      items: [{ a: 1 }, { b: 3 }],
      labels: { anything: "goes" },
    });
  });

  it("names unknown fields and missing output fields by path", () => {
    expect(unknownFields(value, outer)).toEqual(["extra", "items[0].c"]);
    expect(missingFields(value, outer)).toEqual(["items[1].a"]);
    expect(missingFields({}, outer)).toEqual(["id"]);
  });

  it("refuses a present field that is not a field", () => {
    expect(() => message("Bad", { a: VALUE }, ["b"])).toThrow("present field b");
  });

  it("cuts stray answer fields and reports them", () => {
    const reported: string[][] = [];
    expect(shapeResponseBody(value, outer, (paths) => reported.push(paths))).toEqual(
      keepKnown(value, outer),
    );
    expect(reported).toEqual([["extra", "items[0].c"]]);
  });
});
