import { setTimeout as sleep } from "node:timers/promises";
import { DatabricksApiError, DatabricksConnectionError } from "../../databricks-client/errors";
import { RestClient, sharedRestClient, closeSharedRestClients } from "../../databricks-client/rest";
import { manualClock, startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import { oauthSettingsFor, settingsFor } from "./fake-settings";

const TABLE = "main.inference.t";
const TABLE_PATH = `/api/2.1/unity-catalog/tables/${TABLE}`;

let fake: FakeWorkspace;
const clients: RestClient[] = [];
const client = (settings: ConstructorParameters<typeof RestClient>[0]): RestClient => {
  const created = new RestClient(settings);
  clients.push(created);
  return created;
};

afterEach(async () => {
  for (const created of clients.splice(0)) created.close();
  closeSharedRestClients();
  await fake.close();
});

describe("personal access token", () => {
  beforeEach(async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
  });

  it("reads JSON as the token's user, over HTTPS with the given CA", async () => {
    const table = await client(settingsFor(fake)).get<{ full_name: string }>(TABLE_PATH);
    expect(table.full_name).toBe(TABLE);
    expect(fake.requests.last({ path: TABLE_PATH })?.principal).toBe(fake.userName);
  });

  it("refuses a bad token with a clear 401 that does not contain the token", async () => {
    const badToken = "dapi-not-the-right-one-0001";
    const error = await client(settingsFor(fake, { auth: { kind: "pat", token: badToken } }))
      .get(TABLE_PATH)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabricksApiError);
    const apiError = error as DatabricksApiError;
    expect(apiError.status).toBe(401);
    expect(apiError.errorCode).toBe("UNAUTHENTICATED");
    expect(apiError.retryable).toBe(false);
    expect(apiError.message).toBe(
      `GET ${TABLE_PATH}: 401 UNAUTHENTICATED: Invalid access token (credentials from test PAT)`,
    );
    expect(apiError.message).not.toContain(badToken);
    expect(fake.requests.count({ path: TABLE_PATH })).toBe(1);
  });

  it("does not trust the workspace without its CA, and says how to fix that", async () => {
    const { caCert: _caCert, ...withoutCa } = settingsFor(fake);
    const error = await client(withoutCa)
      .get(TABLE_PATH)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabricksConnectionError);
    expect((error as Error).message).toMatch(
      /connection failed .* set model-monitoring:caCertPath/,
    );
    expect(fake.requests.count({})).toBe(0);
  });
});

describe("OAuth M2M", () => {
  const tokenRequests = () => fake.requests.count({ method: "POST", path: "/oidc/v1/token" });

  it("discovers the token endpoint, gets one token and reuses it", async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    const rest = client(oauthSettingsFor(fake));
    for (let i = 0; i < 3; i++) await rest.get(TABLE_PATH);
    expect(tokenRequests()).toBe(1);
    expect(fake.requests.count({ path: "/oidc/.well-known/oauth-authorization-server" })).toBe(1);
    const token = fake.requests.last({ path: "/oidc/v1/token" });
    expect(String(token?.body)).toContain("grant_type=client_credentials");
    expect(fake.requests.last({ path: TABLE_PATH })?.principal).toBe(fake.clientId);
  });

  it("shares the token between concurrent requests", async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    const rest = client(oauthSettingsFor(fake));
    await Promise.all([rest.get(TABLE_PATH), rest.get(TABLE_PATH), rest.get(TABLE_PATH)]);
    expect(tokenRequests()).toBe(1);
  });

  it("gets a new token shortly before the old one expires", async () => {
    fake = await startFakeWorkspace({ timing: { accessTokenLifetimeSeconds: 1 } });
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    const rest = client(oauthSettingsFor(fake));
    await rest.get(TABLE_PATH);
    await rest.get(TABLE_PATH);
    expect(tokenRequests()).toBe(1);
    await sleep(1_000);
    await rest.get(TABLE_PATH);
    expect(tokenRequests()).toBe(2);
    expect(fake.requests.filter({ path: TABLE_PATH }).every((r) => r.status === 200)).toBe(true);
  });

  it("gets a new token once when the workspace refuses the cached one", async () => {
    const clock = manualClock();
    fake = await startFakeWorkspace({ clock: clock.now });
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    const rest = client(oauthSettingsFor(fake));
    await rest.get(TABLE_PATH);
    // The workspace's clock runs ahead: it sees the token as expired, the client does not.
    clock.advance(2 * 3600 * 1000);
    await rest.get(TABLE_PATH);
    expect(tokenRequests()).toBe(2);
    expect(fake.requests.filter({ path: TABLE_PATH }).map((r) => r.status)).toEqual([
      200, 401, 200,
    ]);
  });

  it("falls back to /.well-known/databricks-config when the OIDC document is missing", async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    fake.faults.add({
      path: "/oidc/.well-known/oauth-authorization-server",
      kind: "error",
      status: 404,
      errorCode: "ENDPOINT_NOT_FOUND",
      times: 1,
    });
    await client(oauthSettingsFor(fake)).get(TABLE_PATH);
    expect(fake.requests.count({ path: "/.well-known/databricks-config" })).toBe(1);
    expect(fake.requests.count({ path: "/oidc/.well-known/oauth-authorization-server" })).toBe(2);
    expect(tokenRequests()).toBe(1);
  });

  it("refuses a wrong client secret with a clear error that does not contain it", async () => {
    fake = await startFakeWorkspace();
    const secret = "wrong-secret-0123456789";
    const rest = client(
      oauthSettingsFor(fake, {
        auth: { kind: "oauth-m2m", clientId: fake.clientId, clientSecret: secret },
      }),
    );
    const error = (await rest.get(TABLE_PATH).catch((e: unknown) => e)) as DatabricksApiError;
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error.message).toBe(
      "POST /oidc/v1/token: 401 invalid_client: Client authentication failed (credentials from test OAuth client)",
    );
    expect(error.message).not.toContain(secret);
    expect(tokenRequests()).toBe(1);
    expect(fake.requests.count({ path: TABLE_PATH })).toBe(0);
  });

  it("retries the token endpoint like any other call", async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    fake.faults.add({ method: "POST", path: "/oidc/v1/token", kind: 503, times: 2 });
    await client(oauthSettingsFor(fake)).get(TABLE_PATH);
    expect(tokenRequests()).toBe(3);
  });
});

describe("sharedRestClient", () => {
  it("gives one client per settings, so a provider's resources share one OAuth token", async () => {
    fake = await startFakeWorkspace();
    fake.state.seedSchemas("main.inference");
    fake.state.tables.seed({ full_name: TABLE });
    const first = sharedRestClient(oauthSettingsFor(fake));
    const second = sharedRestClient(oauthSettingsFor(fake));
    expect(second).toBe(first);
    expect(sharedRestClient(settingsFor(fake))).not.toBe(first);
    await first.get(TABLE_PATH);
    await second.get(TABLE_PATH);
    expect(fake.requests.count({ method: "POST", path: "/oidc/v1/token" })).toBe(1);
  });
});
