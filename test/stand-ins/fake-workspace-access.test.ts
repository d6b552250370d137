import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { clientFor, type TestClient } from "../support/fake-workspace/test-client";

/**
 * The fake's answers to "who am I and what may I do": SCIM Me, SQL warehouses and their
 * permissions, Unity Catalog effective permissions, and the per-schema lists of tables and
 * registered models, each under both sides of its switch.
 */

const uc = "/api/2.1/unity-catalog";
let fake: FakeWorkspace;
let client: TestClient;

beforeEach(async () => {
  fake = await startFakeWorkspace();
  seedSampleCatalog(fake.state);
  client = clientFor(fake);
});
afterEach(() => fake.close());

/** A client authenticated as the fake's service principal (OAuth M2M). */
async function asServicePrincipal(): Promise<TestClient> {
  const token = await client.post("/oidc/v1/token", undefined, {
    form: { grant_type: "client_credentials", scope: "all-apis" },
    basicAuth: { user: fake.clientId, password: fake.clientSecret },
    token: null,
  });
  return clientFor({ ...fake, token: String(token.body.access_token) });
}

describe("SCIM Me", () => {
  it("answers a user with its e-mail and groups", async () => {
    fake.state.identities.seed({ name: fake.userName, groups: ["data-eng", "admins"] });
    const me = (await client.get("/api/2.0/preview/scim/v2/Me")).body;
    expect(me).toMatchObject({
      userName: fake.userName,
      emails: [{ value: fake.userName, primary: true }],
      groups: [
        { display: "admins", type: "direct" },
        { display: "data-eng", type: "direct" },
      ],
    });
  });

  it("answers a service principal as a user named by its application id, without e-mails", async () => {
    const sp = await asServicePrincipal();
    const me = (await sp.get("/api/2.0/preview/scim/v2/Me")).body;
    expect(me.userName).toBe(fake.clientId);
    expect(me).not.toHaveProperty("emails");
  });
});

describe("SQL warehouses", () => {
  it("answers a seeded warehouse and 404 for another id", async () => {
    fake.state.warehouses.seed({ id: "wh1", state: "STOPPED" });
    expect((await client.get("/api/2.0/sql/warehouses/wh1")).body).toMatchObject({
      id: "wh1",
      state: "STOPPED",
      creator_name: fake.userName,
    });
    const missing = await client.get("/api/2.0/sql/warehouses/nope");
    expect([missing.status, missing.body.error_code]).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("lists the owner, the admins and the grants; readable by managers only by default", async () => {
    fake.state.warehouses.seed({
      id: "wh1",
      grants: [{ principal: fake.clientId, kind: "service_principal", level: "CAN_USE" }],
    });
    const acl = (await client.get("/api/2.0/permissions/warehouses/wh1")).body;
    expect(acl.access_control_list).toEqual([
      expect.objectContaining({ user_name: fake.userName }),
      expect.objectContaining({ group_name: "admins" }),
      expect.objectContaining({
        service_principal_name: fake.clientId,
        all_permissions: [{ permission_level: "CAN_USE", inherited: false }],
      }),
    ]);
    const sp = await asServicePrincipal();
    expect((await sp.get("/api/2.0/permissions/warehouses/wh1")).status).toBe(403);
    fake.strictness.warehousePermissionsReadableBy = "users";
    expect((await sp.get("/api/2.0/permissions/warehouses/wh1")).status).toBe(200);
  });
});

describe("effective permissions", () => {
  const path = `${uc}/effective-permissions/function/main.ml.churn`;

  it("include privileges inherited from the schema and catalog, named as inherited", async () => {
    fake.state.grants.grant("catalog", "main", "alice@example.com", ["USE_CATALOG"]);
    fake.state.grants.grant("function", "main.ml.churn", "alice@example.com", ["EXECUTE"]);
    const body = (await client.get(path, { query: { principal: "alice@example.com" } })).body;
    expect(body.privilege_assignments).toEqual([
      {
        principal: "alice@example.com",
        privileges: [
          { privilege: "EXECUTE" },
          { privilege: "USE_CATALOG", inherited_from_type: "CATALOG", inherited_from_name: "main" },
        ],
      },
    ]);
  });

  it("list a group's privileges under the group, and under its members only when expanded", async () => {
    fake.state.identities.seed({ name: "bob@example.com", groups: ["ml"] });
    fake.state.grants.grant("schema", "main.ml", "ml", ["EXECUTE"]);
    const principals = async () =>
      ((await client.get(path)).body.privilege_assignments as Array<{ principal: string }>).map(
        (a) => a.principal,
      );
    expect(await principals()).toEqual(["ml"]);
    fake.strictness.effectivePermissionsGroups = "expanded";
    expect(await principals()).toEqual(["bob@example.com", "ml"]);
  });

  it("pages with max_results=0 and refuses small page sizes", async () => {
    for (let i = 0; i < 3; i++) fake.state.grants.grant("catalog", "main", `u${i}`, ["BROWSE"]);
    fake.state.grants.pageSize = 2;
    const first = (await client.get(path, { query: { max_results: 0 } })).body;
    expect(first.privilege_assignments).toHaveLength(2);
    const second = (
      await client.get(path, { query: { max_results: 0, page_token: first.next_page_token } })
    ).body;
    expect([second.privilege_assignments.length, second.next_page_token]).toEqual([1, undefined]);
    expect((await client.get(path, { query: { max_results: 10 } })).status).toBe(400);
  });

  it("answer 404 for a securable that does not exist", async () => {
    const response = await client.get(`${uc}/effective-permissions/schema/main.nope`);
    expect([response.status, response.body.error_code]).toEqual([404, "SCHEMA_DOES_NOT_EXIST"]);
  });
});

describe("per-schema lists", () => {
  beforeEach(() => {
    fake.state.tables.seed({
      full_name: "main.inference.a",
      columns: [{ name: "x", type: "bigint" }],
    });
    fake.state.tables.seed({ full_name: "main.inference.b", owner: "someone@example.com" });
  });
  const tables = (c: TestClient, query: Record<string, string | number> = {}) =>
    c.get(`${uc}/tables`, {
      query: { catalog_name: "main", schema_name: "inference", ...query },
    });

  it("list tables with columns, only those the caller owns or may read", async () => {
    const sp = await asServicePrincipal();
    expect((await tables(sp)).body.tables).toEqual([]);
    fake.state.grants.grant("catalog", "main", fake.clientId, ["USE_CATALOG"]);
    fake.state.grants.grant("schema", "main.inference", fake.clientId, ["USE_SCHEMA"]);
    fake.state.grants.grant("table", "main.inference.a", fake.clientId, ["SELECT"]);
    const listed = (await tables(sp)).body.tables as Array<Record<string, unknown>>;
    expect(listed.map((t) => t.full_name)).toEqual(["main.inference.a"]);
    expect(listed[0]?.columns).toEqual([expect.objectContaining({ name: "x", type_name: "LONG" })]);
    // The owner of the catalog sees everything in it.
    expect(
      ((await tables(client)).body.tables as Array<Record<string, unknown>>).map((t) => t.name),
    ).toEqual(["a", "b"]);
  });

  it("page tables and answer 404 for a missing schema", async () => {
    fake.state.listing.pageSize = 1;
    const first = (await tables(client, { max_results: 0 })).body;
    expect(first.tables).toHaveLength(1);
    const second = (await tables(client, { max_results: 0, page_token: first.next_page_token }))
      .body;
    expect([second.tables.length, second.next_page_token]).toEqual([1, undefined]);
    const missing = await client.get(`${uc}/tables`, {
      query: { catalog_name: "main", schema_name: "nope" },
    });
    expect(missing.status).toBe(404);
  });

  it("list registered models without aliases", async () => {
    const listed = (
      await client.get(`${uc}/models`, { query: { catalog_name: "main", schema_name: "ml" } })
    ).body.registered_models as Array<Record<string, unknown>>;
    expect(listed.map((m) => m.full_name)).toEqual(["main.ml.churn"]);
    expect(listed[0]).not.toHaveProperty("aliases");
  });
});

describe("the endpoint list", () => {
  it("leaves out ai_gateway unless endpointListAiGateway is 'included'", async () => {
    fake.state.endpoints.seed({
      name: "churn",
      config: { served_entities: [{ entity_name: "main.ml.churn", entity_version: "1" }] },
      ai_gateway: {
        inference_table_config: { enabled: true, catalog_name: "main", schema_name: "inference" },
      },
    });
    const listed = async () => (await client.get("/api/2.0/serving-endpoints")).body.endpoints[0];
    expect(await listed()).not.toHaveProperty("ai_gateway");
    fake.strictness.endpointListAiGateway = "included";
    expect((await listed()).ai_gateway.inference_table_config.catalog_name).toBe("main");
  });
});

describe("metric tables of an InferenceLog monitor", () => {
  it("have a column named after the monitor's model_id_col, as the local warehouse's do", async () => {
    fake.state.tables.seed(processedTable);
    fake.state.monitors.seed(processedTable.full_name, monitorBody());
    fake.state.settle();
    fake.state.monitors.startRefresh(processedTable.full_name);
    fake.state.settle();
    const drift = fake.state.tables.get("main.monitoring.churn_processed_drift_metrics");
    const profile = fake.state.tables.get("main.monitoring.churn_processed_profile_metrics");
    for (const table of [drift, profile]) {
      expect(table?.columns.find((c) => c.name === "model_version")).toMatchObject({
        type_text: "string",
      });
    }
  });
});
