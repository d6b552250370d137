import { request as httpsRequest } from "node:https";
import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import {
  alertBody,
  endpointBody,
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { clientFor, TestClient } from "../support/fake-workspace/test-client";

describe("fake workspace: server, auth, errors, request log, state", () => {
  let fake: FakeWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    fake = await startFakeWorkspace();
    seedSampleCatalog(fake.state);
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  describe("start-up", () => {
    it("serves HTTPS on 127.0.0.1 with a certificate signed by the CA it exposes", async () => {
      expect(fake.url).toBe(`https://127.0.0.1:${fake.port}`);
      expect(fake.host).toBe("127.0.0.1");
      expect(fake.caCert).toContain("BEGIN CERTIFICATE");
      expect((await client.get("/api/2.0/serving-endpoints")).status).toBe(200);
    });

    it("is refused by a client that does not trust its CA", async () => {
      const error = await new Promise<Error>((resolve) => {
        httpsRequest(`${fake.url}/api/2.0/serving-endpoints`, { agent: false }, () =>
          resolve(new Error("answered")),
        )
          .on("error", resolve)
          .end();
      });
      expect((error as NodeJS.ErrnoException).code).toMatch(/CERT|SIGNED|ISSUER/);
    });

    it("gives each instance its own port and state", async () => {
      const other = await startFakeWorkspace();
      try {
        expect(other.port).not.toBe(fake.port);
        fake.state.endpoints.seed(endpointBody("only-here"));
        expect((await clientFor(other).get("/api/2.0/serving-endpoints/only-here")).status).toBe(
          404,
        );
        expect((await client.get("/api/2.0/serving-endpoints/only-here")).status).toBe(200);
      } finally {
        await other.close();
      }
    });

    it("uses the token, user and OAuth client given in the options", async () => {
      const custom = await startFakeWorkspace({
        token: "my-token",
        userName: "alice@example.com",
        clientId: "my-client",
        clientSecret: "s3cret",
      });
      try {
        expect([custom.token, custom.clientId, custom.clientSecret]).toEqual([
          "my-token",
          "my-client",
          "s3cret",
        ]);
        const customClient = new TestClient(custom.url, custom.caCert, "my-token");
        const created = await customClient.post("/api/2.0/alerts", alertBody());
        expect(created.body.owner_user_name).toBe("alice@example.com");
        // Seeded objects belong to the same user, so that user may update them.
        seedSampleCatalog(custom.state);
        custom.state.tables.seed(processedTable);
        custom.state.monitors.seed(processedTable.full_name, monitorBody());
        const monitorPath = `/api/2.1/unity-catalog/tables/${processedTable.full_name}/monitor`;
        expect((await customClient.put(monitorPath, monitorBody())).status).toBe(200);
      } finally {
        await custom.close();
      }
    });

    it("produces the same ids from the same seed", async () => {
      const [a, b] = await Promise.all([
        startFakeWorkspace({ seed: 7 }),
        startFakeWorkspace({ seed: 7 }),
      ]);
      try {
        expect(a.token).toBe(b.token);
        expect(a.state.alerts.seed(alertBody()).id).toBe(b.state.alerts.seed(alertBody()).id);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it("refuses connections after close()", async () => {
      await fake.close();
      await expect(client.get("/api/2.0/alerts")).rejects.toMatchObject({ code: "ECONNREFUSED" });
      fake = await startFakeWorkspace(); // for afterEach
    });
  });

  describe("authentication and permissions", () => {
    it("answers 401 UNAUTHENTICATED without a token", async () => {
      const response = await client.get("/api/2.0/serving-endpoints", { token: null });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error_code: "UNAUTHENTICATED", message: expect.any(String) });
    });

    it("answers 401 UNAUTHENTICATED for an unknown token, even on an unknown route", async () => {
      expect((await client.get("/api/2.0/alerts", { token: "nope" })).body.error_code).toBe(
        "UNAUTHENTICATED",
      );
      expect((await client.get("/api/9.9/nothing", { token: "nope" })).status).toBe(401);
    });

    it("accepts extra personal access tokens and records who called", async () => {
      fake.state.access.addPersonalAccessToken("second-token", "alice@example.com");
      const response = await client.post("/api/2.0/alerts", alertBody(), { token: "second-token" });
      expect(response.status).toBe(200);
      expect(response.body.owner_user_name).toBe("alice@example.com");
      expect(fake.requests.last()?.principal).toBe("alice@example.com");
    });

    it("answers 403 PERMISSION_DENIED on a denied route, only for the denied principal", async () => {
      fake.state.access.addPersonalAccessToken("bob-token", "bob@example.com");
      fake.state.access.deny({ principal: fake.userName, method: "POST", path: "/api/2.0/alerts" });
      const denied = await client.post("/api/2.0/alerts", alertBody());
      expect(denied.status).toBe(403);
      expect(denied.body.error_code).toBe("PERMISSION_DENIED");
      expect(fake.state.alerts.all()).toHaveLength(0);
      expect((await client.get("/api/2.0/alerts")).status).toBe(200);
      expect(
        (await client.post("/api/2.0/alerts", alertBody(), { token: "bob-token" })).status,
      ).toBe(200);
      fake.state.access.clearDenials();
      expect((await client.post("/api/2.0/alerts", alertBody())).status).toBe(200);
    });

    it("ignores unknown headers such as X-Databricks-Org-Id", async () => {
      const response = await client.get("/api/2.0/alerts", {
        headers: { "X-Databricks-Org-Id": "123" },
      });
      expect(response.status).toBe(200);
    });
  });

  describe("error model", () => {
    it("answers 404 ENDPOINT_NOT_FOUND for an unknown path or method", async () => {
      const unknownPath = await client.get("/api/2.0/no-such-api");
      expect(unknownPath.status).toBe(404);
      expect(unknownPath.body).toEqual({
        error_code: "ENDPOINT_NOT_FOUND",
        message: "No API found for 'GET /api/2.0/no-such-api'",
      });
      const wrongMethod = await client.request("PATCH", "/api/2.0/serving-endpoints");
      expect(wrongMethod.body.error_code).toBe("ENDPOINT_NOT_FOUND");
    });

    it("answers 400 INVALID_PARAMETER_VALUE for malformed JSON or a body that is not an object", async () => {
      const malformed = await client.request("POST", "/api/2.0/alerts", { rawBody: "{not json" });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error_code).toBe("INVALID_PARAMETER_VALUE");
      expect(malformed.body.message).toMatch(/Malformed JSON/);
      const array = await client.post("/api/2.0/alerts", [1, 2]);
      expect(array.status).toBe(400);
      expect(array.body.error_code).toBe("INVALID_PARAMETER_VALUE");
    });

    it("answers 400 INVALID_PARAMETER_VALUE naming a field of the wrong type", async () => {
      const response = await client.post("/api/2.0/serving-endpoints", { name: 42 });
      expect(response.status).toBe(400);
      expect(response.body.message).toBe("Field name must be a string");
    });

    it("uses 404 RESOURCE_DOES_NOT_EXIST and 409 RESOURCE_ALREADY_EXISTS across APIs", async () => {
      fake.strictness.ucErrorCodes = "generic";
      for (const path of [
        "/api/2.0/serving-endpoints/missing",
        "/api/2.1/unity-catalog/tables/main.x.missing",
        "/api/2.1/unity-catalog/tables/main.inference.missing",
        "/api/2.1/unity-catalog/tables/main.x.missing/monitor",
        "/api/2.1/unity-catalog/models/main.ml.missing",
        "/api/2.0/alerts/00000000-0000-4000-8000-000000000000",
        "/api/2.0/notification-destinations/00000000-0000-4000-8000-000000000000",
      ]) {
        const response = await client.get(path);
        expect([path, response.status, response.body.error_code]).toEqual([
          path,
          404,
          "RESOURCE_DOES_NOT_EXIST",
        ]);
      }
      expect((await client.post("/api/2.0/serving-endpoints", endpointBody("dup"))).status).toBe(
        200,
      );
      const duplicate = await client.post("/api/2.0/serving-endpoints", endpointBody("dup"));
      expect([duplicate.status, duplicate.body.error_code]).toEqual([
        409,
        "RESOURCE_ALREADY_EXISTS",
      ]);
    });
  });

  describe("request log", () => {
    it("records method, path, query, body, route, principal, status and error code", async () => {
      await client.post("/api/2.0/alerts", alertBody({ display_name: "logged" }));
      await client.get("/api/2.0/alerts", { query: { page_size: 5 } });
      await client.get("/api/2.0/alerts/missing-id");

      const [create, list, missing] = fake.requests.all();
      expect(create).toMatchObject({
        seq: 1,
        method: "POST",
        path: "/api/2.0/alerts",
        route: "POST /api/2.0/alerts",
        principal: fake.userName,
        status: 200,
        body: expect.objectContaining({ display_name: "logged" }),
      });
      expect(list).toMatchObject({
        method: "GET",
        query: { page_size: "5" },
        body: undefined,
        status: 200,
      });
      expect(missing).toMatchObject({
        status: 404,
        errorCode: "RESOURCE_DOES_NOT_EXIST",
        route: "GET /api/2.0/alerts/{id}",
      });
    });

    it("counts by method, path pattern, route and status, and clears", async () => {
      await client.get("/api/2.0/alerts");
      await client.get("/api/2.0/alerts");
      await client.get("/api/2.0/alerts/x");
      await client.get("/api/2.0/nowhere");

      expect(fake.requests.count({ method: "GET", path: "/api/2.0/alerts" })).toBe(2);
      expect(fake.requests.count({ path: "/api/2.0/alerts/**" })).toBe(3);
      expect(fake.requests.count({ route: "GET /api/2.0/alerts/{id}" })).toBe(1);
      expect(fake.requests.count({ status: 404 })).toBe(2);
      expect(fake.requests.countByRoute()).toEqual({
        "GET /api/2.0/alerts": 2,
        "GET /api/2.0/alerts/{id}": 1,
        "GET /api/2.0/nowhere": 1,
      });
      expect(fake.requests.last({ status: 404 })?.path).toBe("/api/2.0/nowhere");
      fake.requests.clear();
      expect(fake.requests.count()).toBe(0);
    });
  });

  describe("seeding and reading state", () => {
    it("serves seeded objects over the API and reads API-made objects back from state", async () => {
      fake.state.tables.seed(processedTable);
      const endpoint = fake.state.endpoints.seed(endpointBody("seeded"));
      const monitor = fake.state.monitors.seed(processedTable.full_name, monitorBody());
      const destination = fake.state.destinations.seed({
        display_name: "on-call",
        config: { email: { addresses: ["oncall@example.com"] } },
      });
      const alert = fake.state.alerts.seed(alertBody());

      expect(endpoint.state).toEqual({ ready: "READY", config_update: "NOT_UPDATING" });
      expect(monitor.status).toBe("MONITOR_STATUS_ACTIVE");
      expect((await client.get("/api/2.0/serving-endpoints/seeded")).body).toEqual(endpoint);
      expect(
        (await client.get(`/api/2.1/unity-catalog/tables/${processedTable.full_name}/monitor`))
          .body,
      ).toEqual(monitor);
      expect(
        (await client.get(`/api/2.0/notification-destinations/${String(destination.id)}`)).body,
      ).toEqual(destination);
      expect((await client.get(`/api/2.0/alerts/${String(alert.id)}`)).body).toEqual(alert);
      expect(
        (await client.get(`/api/2.1/unity-catalog/tables/${processedTable.full_name}`)).body
          .columns,
      ).toHaveLength(6);

      const created = await client.post("/api/2.0/serving-endpoints", endpointBody("via-api"));
      expect(fake.state.endpoints.get("via-api")).toEqual(created.body);
      expect(fake.state.endpoints.list().map((item) => item.name)).toEqual(["seeded", "via-api"]);
    });

    it("returns copies: changing what state returns does not change the workspace", async () => {
      fake.state.endpoints.seed(endpointBody("copy"));
      const read = fake.state.endpoints.get("copy") as Record<string, unknown>;
      read.name = "changed";
      expect((await client.get("/api/2.0/serving-endpoints/copy")).body.name).toBe("copy");
    });

    it("settle() finishes every pending asynchronous change at once", async () => {
      fake.timing.endpointUpdateMs = 60_000;
      await client.post("/api/2.0/serving-endpoints", endpointBody("slow-endpoint"));
      expect(fake.state.endpoints.get("slow-endpoint")?.state).toEqual({
        ready: "NOT_READY",
        config_update: "IN_PROGRESS",
      });
      fake.state.settle();
      expect((await client.get("/api/2.0/serving-endpoints/slow-endpoint")).body.state).toEqual({
        ready: "READY",
        config_update: "NOT_UPDATING",
      });
    });
  });
});
