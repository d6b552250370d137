import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import { endpointBody } from "../support/fake-workspace/sample-bodies";
import { clientFor, type TestClient } from "../support/fake-workspace/test-client";

const endpoints = "/api/2.0/serving-endpoints";

describe("fake workspace: injected faults", () => {
  let fake: FakeWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    fake = await startFakeWorkspace();
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  it("429: answers REQUEST_LIMIT_EXCEEDED with Retry-After, without applying the request", async () => {
    fake.faults.add({ method: "POST", path: endpoints, kind: 429 });
    fake.faults.add({ method: "POST", path: endpoints, kind: 429, retryAfterSeconds: 7 });

    const first = await client.post(endpoints, endpointBody("a"));
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("1");
    expect(first.body.error_code).toBe("REQUEST_LIMIT_EXCEEDED");
    const second = await client.post(endpoints, endpointBody("a"));
    expect(second.headers["retry-after"]).toBe("7");
    expect(fake.state.endpoints.get("a")).toBeUndefined();

    expect((await client.post(endpoints, endpointBody("a"))).status).toBe(200);
  });

  it("503: answers TEMPORARILY_UNAVAILABLE without applying the request", async () => {
    fake.faults.add({ path: endpoints, kind: 503 });
    const response = await client.post(endpoints, endpointBody("a"));
    expect([response.status, response.body.error_code]).toEqual([503, "TEMPORARILY_UNAVAILABLE"]);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(fake.state.endpoints.get("a")).toBeUndefined();
  });

  it("reset: drops the connection without an answer and without applying the request", async () => {
    fake.faults.add({ method: "POST", path: endpoints, kind: "reset" });
    await expect(client.post(endpoints, endpointBody("a"))).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(fake.state.endpoints.get("a")).toBeUndefined();
    const logged = fake.requests.last();
    expect(logged).toMatchObject({ fault: "reset", route: `POST ${endpoints}` });
    expect(logged?.status).toBeUndefined();
  });

  it("slow: answers normally after the delay", async () => {
    fake.faults.add({ path: `${endpoints}/{name}`, kind: "slow", delayMs: 150 });
    fake.state.endpoints.seed(endpointBody("a"));
    const started = Date.now();
    const response = await client.get(`${endpoints}/a`);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.requests.last()).toMatchObject({ fault: "slow", status: 200 });
  });

  it("lost-response: applies the create, then drops the connection; the object exists afterwards", async () => {
    fake.faults.add({ method: "POST", path: endpoints, kind: "lost-response" });
    await expect(client.post(endpoints, endpointBody("a"))).rejects.toMatchObject({
      code: "ECONNRESET",
    });

    expect((await client.get(`${endpoints}/a`)).status).toBe(200);
    const retry = await client.post(endpoints, endpointBody("a"));
    expect([retry.status, retry.body.error_code]).toEqual([409, "RESOURCE_ALREADY_EXISTS"]);
    expect(fake.requests.filter({ method: "POST" }).map((r) => [r.status, r.fault])).toEqual([
      [200, "lost-response"],
      [409, undefined],
    ]);
  });

  it("error: answers the given status and error code", async () => {
    fake.faults.add({
      path: "/api/**",
      kind: "error",
      status: 500,
      errorCode: "INTERNAL_ERROR",
      message: "boom",
    });
    const response = await client.get(endpoints);
    expect([response.status, response.body]).toEqual([
      500,
      { error_code: "INTERNAL_ERROR", message: "boom" },
    ]);
  });

  it("consumes faults in the order added, one per request, each `times` times", async () => {
    fake.faults.add({ path: endpoints, kind: 429, times: 2 });
    fake.faults.add({ path: endpoints, kind: 503 });
    expect(fake.faults.pending().map((fault) => [fault.kind, fault.remaining])).toEqual([
      [429, 2],
      [503, 1],
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.get(endpoints)).status);
    expect(statuses).toEqual([429, 429, 503, 200]);
    expect(fake.faults.pending()).toEqual([]);
    expect(fake.requests.count({ fault: 429 })).toBe(2);
  });

  it("matches on method and path pattern (placeholders, ** and RegExp)", async () => {
    fake.state.endpoints.seed(endpointBody("a"));
    fake.faults.add({ method: "DELETE", path: `${endpoints}/{name}`, kind: 503, times: Infinity });
    fake.faults.add({ path: /\/tags$/, kind: 429 });
    expect((await client.get(`${endpoints}/a`)).status).toBe(200);
    expect((await client.delete(`${endpoints}/a`)).status).toBe(503);
    expect((await client.delete(`${endpoints}/a`)).status).toBe(503);
    expect((await client.patch(`${endpoints}/a/tags`, {})).status).toBe(429);
    fake.faults.clear();
    expect((await client.delete(`${endpoints}/a`)).status).toBe(200);
  });

  it("applies before authentication, like a gateway in front of the workspace", async () => {
    fake.faults.add({ path: endpoints, kind: 429 });
    expect((await client.get(endpoints, { token: null })).status).toBe(429);
  });

  it("random: a seeded share of requests meets a fault, the same sequence for the same seed", async () => {
    const outcomes = async (seed: number): Promise<string[]> => {
      const other = await startFakeWorkspace();
      const otherClient = clientFor(other);
      other.faults.random({ seed, rate: 0.5, kinds: [429, 503, "reset", "slow"], delayMs: 1 });
      const seen: string[] = [];
      for (let i = 0; i < 40; i++) {
        seen.push(
          await otherClient.get(endpoints).then(
            (response) => String(response.status),
            () => "reset",
          ),
        );
      }
      expect(Object.values(other.faults.firedByKind).reduce((a, b) => a + b, 0)).toBe(
        other.requests.filter({}).filter((r) => r.fault !== undefined).length,
      );
      await other.close();
      return seen;
    };
    const first = await outcomes(7);
    expect(await outcomes(7)).toEqual(first);
    expect(await outcomes(8)).not.toEqual(first);
    const faulted = first.filter((outcome) => outcome !== "200").length;
    // "slow" answers 200 too; the others are faults: about half of 40, well away from 0 and 40.
    expect(faulted).toBeGreaterThan(5);
    expect(faulted).toBeLessThan(35);
    expect(new Set(first)).toEqual(new Set(["200", "429", "503", "reset"]));
  });

  it("random: counted faults come first, and clear() ends the random rule", async () => {
    fake.faults.random({ seed: 1, rate: 1, kinds: [503] });
    fake.faults.add({ path: endpoints, kind: 429 });
    expect((await client.get(endpoints)).status).toBe(429);
    expect((await client.get(endpoints)).status).toBe(503);
    fake.faults.clear();
    expect((await client.get(endpoints)).status).toBe(200);
    expect(fake.faults.firedByKind).toEqual({ "429": 1, "503": 1 });
  });

  it("closes promptly with a slow request in flight", async () => {
    fake.faults.add({ path: endpoints, kind: "slow", delayMs: 10_000 });
    const inFlight = client.get(endpoints).catch((error: NodeJS.ErrnoException) => error.code);
    // In flight = the fake has it (a fixed sleep loses the race on a loaded machine).
    while (fake.requests.count({ path: endpoints }) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBe("ECONNRESET");
    fake = await startFakeWorkspace(); // for afterEach
  });
});
