import {
  manualClock,
  startFakeWorkspace,
  type FakeWorkspace,
  type ManualClock,
} from "../support/fake-workspace";
import { alertBody } from "../support/fake-workspace/sample-bodies";
import { clientFor, type TestClient } from "../support/fake-workspace/test-client";

describe("fake workspace: OAuth M2M", () => {
  let fake: FakeWorkspace;
  let client: TestClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = manualClock();
    fake = await startFakeWorkspace({
      clock: clock.now,
      clientId: "sp-app-id",
      clientSecret: "se:cr/et+1",
    });
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  const requestToken = (
    user = fake.clientId,
    password = fake.clientSecret,
    form?: Record<string, string>,
  ) =>
    client.post("/oidc/v1/token", undefined, {
      token: null,
      basicAuth: { user, password },
      form: form ?? { grant_type: "client_credentials", scope: "all-apis" },
    });

  it("serves both discovery documents without credentials, leading to the token endpoint", async () => {
    const config = await client.get("/.well-known/databricks-config", { token: null });
    expect(config.status).toBe(200);
    expect(config.body).toEqual({
      oidc_endpoint: `${fake.url}/oidc`,
      workspace_id: fake.workspaceId,
    });

    // The newer SDK flow: {oidc_endpoint}/.well-known/oauth-authorization-server.
    const metadata = await client.get(
      `${String(config.body.oidc_endpoint)}/.well-known/oauth-authorization-server`,
      {
        token: null,
      },
    );
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      token_endpoint: `${fake.url}/oidc/v1/token`,
      authorization_endpoint: `${fake.url}/oidc/v1/authorize`,
    });
  });

  it("issues a bearer token for client credentials sent with HTTP Basic", async () => {
    const response = await requestToken();
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: "all-apis",
    });
    expect(fake.requests.last()?.route).toBe("POST /oidc/v1/token");
  });

  it("accepts the issued token like a PAT, acting as the service principal", async () => {
    const token = String((await requestToken()).body.access_token);
    const created = await client.post("/api/2.0/alerts", alertBody(), { token });
    expect(created.status).toBe(200);
    expect(created.body.owner_user_name).toBe("sp-app-id");
    expect(created.body.effective_run_as).toEqual({ service_principal_name: "sp-app-id" });
  });

  it("also accepts client_id and client_secret in the form body", async () => {
    const response = await client.post("/oidc/v1/token", undefined, {
      token: null,
      form: {
        grant_type: "client_credentials",
        client_id: fake.clientId,
        client_secret: fake.clientSecret,
      },
    });
    expect(response.status).toBe(200);
  });

  it("refuses a wrong secret, an unknown client or no client credentials with 401 invalid_client", async () => {
    for (const response of [
      await requestToken(fake.clientId, "wrong"),
      await requestToken("someone-else", fake.clientSecret),
      await client.post("/oidc/v1/token", undefined, {
        token: null,
        form: { grant_type: "client_credentials" },
      }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: "invalid_client",
        error_description: expect.any(String),
      });
    }
  });

  it("refuses other grant types with 400", async () => {
    const wrong = await requestToken(undefined, undefined, { grant_type: "password" });
    expect([wrong.status, wrong.body.error]).toEqual([400, "unsupported_grant_type"]);
    const none = await requestToken(undefined, undefined, { scope: "all-apis" });
    expect([none.status, none.body.error]).toEqual([400, "invalid_request"]);
  });

  it("refuses a token once it has expired, with 401 UNAUTHENTICATED", async () => {
    fake.timing.accessTokenLifetimeSeconds = 60;
    const issued = (await requestToken()).body;
    expect(issued.expires_in).toBe(60);
    clock.advance(59_000);
    expect((await client.get("/api/2.0/alerts", { token: issued.access_token })).status).toBe(200);
    clock.advance(1_000);
    const expired = await client.get("/api/2.0/alerts", { token: issued.access_token });
    expect([expired.status, expired.body.error_code]).toEqual([401, "UNAUTHENTICATED"]);
  });
});
