import {
  DatabricksApiError,
  DatabricksConnectionError,
  DeadlineExceededError,
} from "../../databricks-client/errors";
import { RestClient } from "../../databricks-client/rest";
import type { ConnectionSettings } from "../../databricks-client/connection-settings";
import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import { FAST_RETRY, settingsFor } from "./fake-settings";

const TABLE = "main.inference.t";
const TABLE_PATH = `/api/2.1/unity-catalog/tables/${TABLE}`;
const REFRESHES_PATH = `${TABLE_PATH}/monitor/refreshes`;

let fake: FakeWorkspace;
let rest: RestClient;

beforeEach(async () => {
  fake = await startFakeWorkspace();
  fake.state.seedSchemas("main.inference", "main.monitoring");
  fake.state.tables.seed({ full_name: TABLE, columns: [{ name: "ts", type: "timestamp" }] });
});
afterEach(async () => {
  rest.close();
  await fake.close();
});

const clientWith = (overrides: Partial<ConnectionSettings> = {}): RestClient => {
  rest = new RestClient(settingsFor(fake, overrides));
  return rest;
};
const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const started = Date.now();
  const result = await work();
  return { ms: Date.now() - started, result };
};
const failureOf = (work: Promise<unknown>): Promise<Error> =>
  work.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error,
  );
const attempts = (path = TABLE_PATH) => fake.requests.count({ path });

describe("retries what is transient", () => {
  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 429, retryAfterSeconds: 1 });
    const { ms } = await timed(() => clientWith().get(TABLE_PATH));
    expect(attempts()).toBe(2);
    // The backoff alone would be tens of milliseconds.
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3_000);
  });

  it("retries 503 with backoff", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 503, times: 3 });
    await clientWith().get(TABLE_PATH);
    expect(fake.requests.filter({ path: TABLE_PATH }).map((r) => r.status)).toEqual([
      503, 503, 503, 200,
    ]);
  });

  it("retries a reset connection", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "reset", times: 2 });
    await clientWith().get(TABLE_PATH);
    expect(attempts()).toBe(3);
  });

  it("abandons an answer slower than the request timeout and asks again", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "slow", delayMs: 3_000 });
    const { ms } = await timed(() => clientWith({ requestTimeoutMs: 200 }).get(TABLE_PATH));
    expect(attempts()).toBe(2);
    // Well before the slow answer would have come.
    expect(ms).toBeLessThan(2_500);
  });

  it("waits for a slow answer within the request timeout", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "slow", delayMs: 200 });
    const { ms } = await timed(() => clientWith({ requestTimeoutMs: 2_000 }).get(TABLE_PATH));
    expect(attempts()).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(180);
  });

  it("retries 502 and 504 for reads only", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "error", status: 502, errorCode: "BAD_GATEWAY" });
    fake.faults.add({
      path: TABLE_PATH,
      kind: "error",
      status: 504,
      errorCode: "DEADLINE_EXCEEDED",
    });
    await clientWith().get(TABLE_PATH);
    expect(attempts()).toBe(3);
  });
});

describe("gives up with a clear error", () => {
  it("when the total budget runs out", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 503, times: Infinity });
    const budget = { ...FAST_RETRY, totalBudgetMs: 300, maxAttempts: 1_000 };
    const { ms, result: error } = await timed(() =>
      failureOf(clientWith({ retry: budget }).get(TABLE_PATH)),
    );
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${TABLE_PATH}: 503 TEMPORARILY_UNAVAILABLE: .* \\(gave up after \\d+ attempts in \\d+\\.\\d s: retry budget of 0\\.3 s exhausted; failures: HTTP 503 ×\\d+\\)$`,
      ),
    );
    expect(ms).toBeLessThan(2_000);
    expect(attempts()).toBeGreaterThan(2);
  });

  it("at once when Retry-After asks for more than the budget has left", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 429, retryAfterSeconds: 30 });
    const { ms, result: error } = await timed(() => failureOf(clientWith().get(TABLE_PATH)));
    expect(error.message).toMatch(
      /429 REQUEST_LIMIT_EXCEEDED: .*retry budget of 5 s exhausted; the server asked to wait 30 s/,
    );
    // Not the 30 s asked for.
    expect(ms).toBeLessThan(2_000);
    expect(attempts()).toBe(1);
  });

  it("when the attempts run out", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "reset", times: Infinity });
    const error = await failureOf(
      clientWith({ retry: { ...FAST_RETRY, maxAttempts: 3 } }).get(TABLE_PATH),
    );
    expect(error).toBeInstanceOf(DatabricksConnectionError);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${TABLE_PATH}: connection failed \\(ECONNRESET\\): .*gave up after 3 attempts .*attempt limit reached`,
      ),
    );
    expect(attempts()).toBe(3);
  });
});

describe("a client bound to a deadline (a wait's)", () => {
  it("cuts a request in flight at the deadline", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "slow", delayMs: 3_000 });
    const bounded = clientWith({ requestTimeoutMs: 60_000 }).withDeadline(Date.now() + 300);
    const { ms, result: error } = await timed(() => failureOf(bounded.get(TABLE_PATH)));
    expect(error).toBeInstanceOf(DeadlineExceededError);
    expect(error.message).toMatch(
      /connection failed \(TIMEOUT\).*at the deadline; failures: timeout/,
    );
    expect(ms).toBeLessThan(800);
  });

  it("does not sleep a Retry-After past the deadline", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 429, retryAfterSeconds: 3 });
    const bounded = clientWith().withDeadline(Date.now() + 1_000);
    const { ms, result: error } = await timed(() => failureOf(bounded.get(TABLE_PATH)));
    expect(error.message).toMatch(
      /429 .*at the deadline; the server asked to wait 3 s; failures: HTTP 429\)$/,
    );
    expect(ms).toBeLessThan(500);
    expect(attempts()).toBe(1);
  });

  it("retries as usual while there is time", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: 503, times: 2 });
    await clientWith()
      .withDeadline(Date.now() + 5_000)
      .get(TABLE_PATH);
    expect(attempts()).toBe(3);
  });
});

describe("calls in parallel", () => {
  it("one broken connection fails no other call", async () => {
    fake.faults.add({ path: TABLE_PATH, kind: "reset" });
    fake.faults.add({ path: TABLE_PATH, kind: "slow", delayMs: 200, times: 3 });
    const client = clientWith();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => client.get(TABLE_PATH)),
    );
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill("fulfilled"));
    expect(attempts()).toBe(9);
  });
});

describe("does not retry the caller's mistakes", () => {
  it.each([
    [400, "INVALID_PARAMETER_VALUE"],
    [403, "PERMISSION_DENIED"],
    [404, "RESOURCE_DOES_NOT_EXIST"],
    [409, "RESOURCE_CONFLICT"],
    [500, "INTERNAL_ERROR"],
  ])("%i %s", async (status, errorCode) => {
    fake.faults.add({ path: TABLE_PATH, kind: "error", status, errorCode, message: "no" });
    const error = (await failureOf(clientWith().get(TABLE_PATH))) as DatabricksApiError;
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error.message).toBe(`GET ${TABLE_PATH}: ${status} ${errorCode}: no`);
    expect(error.status).toBe(status);
    expect(error.retryable).toBe(false);
    expect(attempts()).toBe(1);
  });

  it("maps a real 404 from the workspace", async () => {
    const error = (await failureOf(
      clientWith().get("/api/2.1/unity-catalog/tables/main.inference.missing"),
    )) as DatabricksApiError;
    expect(error.status).toBe(404);
    expect(error.errorCode).toBe("TABLE_DOES_NOT_EXIST");
    expect(error.detail).toMatch(/main\.inference\.missing/);
  });
});

describe("requests that must not be sent twice (POST)", () => {
  beforeEach(() => {
    fake.state.monitors.seed(TABLE, {
      assets_dir: "/Workspace/Shared/m",
      output_schema_name: "main.monitoring",
      time_series: { granularities: ["1 day"], timestamp_col: "ts" },
    });
  });

  it("are retried when the server refused them (429, 503)", async () => {
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: 429, retryAfterSeconds: 0 });
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: 503 });
    await clientWith().post(REFRESHES_PATH);
    expect(fake.state.monitors.refreshes(TABLE)).toHaveLength(1);
    expect(attempts(REFRESHES_PATH)).toBe(3);
  });

  it("are not resent after the connection broke, and say they may have been applied", async () => {
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: "lost-response" });
    const error = (await failureOf(clientWith().post(REFRESHES_PATH))) as DatabricksConnectionError;
    expect(error).toBeInstanceOf(DatabricksConnectionError);
    expect(error.maybeApplied).toBe(true);
    expect(attempts(REFRESHES_PATH)).toBe(1);
    expect(fake.state.monitors.refreshes(TABLE)).toHaveLength(1);
  });

  it("are resent when the caller says they are idempotent", async () => {
    fake.faults.add({ method: "POST", path: REFRESHES_PATH, kind: "reset" });
    await clientWith().post(REFRESHES_PATH, undefined, { idempotent: true });
    expect(attempts(REFRESHES_PATH)).toBe(2);
  });

  it("do not retry 502: the server may have applied them", async () => {
    fake.faults.add({
      method: "POST",
      path: REFRESHES_PATH,
      kind: "error",
      status: 502,
      errorCode: "BAD_GATEWAY",
    });
    await failureOf(clientWith().post(REFRESHES_PATH));
    expect(attempts(REFRESHES_PATH)).toBe(1);
  });
});
