import { closeSharedSqlRunners, sharedSqlRunner } from "../../databricks-client/sql-session";
import { startLocalWarehouse, type LocalWarehouse } from "../support/warehouse";
import {
  SettingsError,
  type ConnectionSettings,
} from "../../databricks-client/connection-settings";

/** The real @databricks/sql driver, over HTTPS, against the local warehouse. */
let warehouse: LocalWarehouse;

const settingsOf = (
  target: LocalWarehouse,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings => ({
  host: target.url,
  auth: { kind: "pat", token: target.token },
  caCert: target.caCert,
  warehouseId: target.warehouseId,
  retry: { totalBudgetMs: 5_000, maxAttempts: 3, minDelayMs: 10, maxDelayMs: 50 },
  requestTimeoutMs: 5_000,
  sources: { host: "test", auth: "test PAT" },
  ...overrides,
});

beforeEach(async () => {
  warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"] });
});
afterEach(async () => {
  await closeSharedSqlRunners();
  await warehouse.close();
});

it("runs statements with named parameters on one reused session", async () => {
  const sql = sharedSqlRunner(settingsOf(warehouse));
  await sql.execute("CREATE TABLE ml_dev.default.thresholds (metric STRING, limit_value DOUBLE)");
  await sql.execute("INSERT INTO ml_dev.default.thresholds VALUES (:metric, :value)", {
    metric: "js_distance",
    value: 0.2,
  });
  const rows = await sql.execute<{ metric: string; limit_value: number }>(
    "SELECT metric, limit_value FROM ml_dev.default.thresholds WHERE metric = :metric",
    { metric: "js_distance" },
  );
  expect(rows).toEqual([{ metric: "js_distance", limit_value: 0.2 }]);
  expect(sql.stats()).toEqual({ sessionsOpened: 1, statementsExecuted: 3 });
  expect(warehouse.counters.sessionsOpened).toBe(1);
  expect(warehouse.counters.statements.at(-1)?.parameters.map((p) => p.name)).toEqual(["metric"]);
});

it("shares one runner per settings identity", () => {
  expect(sharedSqlRunner(settingsOf(warehouse))).toBe(sharedSqlRunner(settingsOf(warehouse)));
  expect(sharedSqlRunner(settingsOf(warehouse, { warehouseId: "another" }))).not.toBe(
    sharedSqlRunner(settingsOf(warehouse)),
  );
});

it("sends a statement again when the warehouse refused it (503: it did not run)", async () => {
  warehouse.faults.failHttp({ status: 503, methods: ["ExecuteStatement"], times: 1 });
  const sql = sharedSqlRunner(settingsOf(warehouse));
  expect(await sql.execute("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  expect(warehouse.counters.thriftCalls.ExecuteStatement).toBe(2);
  expect(sql.stats().sessionsOpened).toBe(1);
});

it("keeps trying to open a session while the warehouse answers 429/503 (starting up)", async () => {
  warehouse.faults.failHttp({ status: 429, methods: ["OpenSession"], times: 1 });
  warehouse.faults.failHttp({ status: 503, methods: ["OpenSession"], times: 1 });
  const sql = sharedSqlRunner(settingsOf(warehouse));
  expect(await sql.execute("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  expect(warehouse.counters.thriftCalls.OpenSession).toBe(3);
});

it("gives up when the refusals outlast the retry budget, and says so", async () => {
  warehouse.faults.failHttp({ status: 503, methods: ["ExecuteStatement"], times: 100 });
  const retry = { totalBudgetMs: 300, maxAttempts: 100, minDelayMs: 20, maxDelayMs: 50 };
  const sql = sharedSqlRunner(settingsOf(warehouse, { retry }));
  await expect(sql.execute("SELECT 1")).rejects.toThrow(
    /SQL on warehouse .* failed: .*503 \(gave up after \d+ attempts in \d+\.\d s: retry budget of 0\.3 s exhausted; failures: HTTP 503 ×\d+\)/,
  );
});

describe("one statement's broken connection and the others", () => {
  /** Resolves once the warehouse has started a statement matching `text`. */
  const started = async (text: string): Promise<void> => {
    while (!warehouse.counters.statements.some((s) => s.received.includes(text))) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("a reset on one statement does not fail another in flight on the same session", async () => {
    const sql = sharedSqlRunner(settingsOf(warehouse));
    await sql.execute("SELECT 0 AS warm");
    // The long one stays RUNNING on the warehouse while the driver polls for it.
    warehouse.faults.delayStatements({ match: "long_one", ms: 600 });
    const long = sql.execute("SELECT 1 AS long_one");
    await started("long_one");
    warehouse.faults.resetConnections({ methods: ["ExecuteStatement"] });
    const short = sql.execute("SELECT 2 AS short_one");
    const [longOutcome, shortOutcome] = await Promise.allSettled([long, short]);
    expect(longOutcome).toEqual({ status: "fulfilled", value: [{ long_one: 1 }] });
    expect(shortOutcome).toEqual({ status: "fulfilled", value: [{ short_one: 2 }] });
    expect(sql.stats().sessionsOpened).toBe(1);
    expect(warehouse.counters.sessionsClosed).toBe(0);
  });

  it("sends a statement again when it ran but its answer was lost", async () => {
    const sql = sharedSqlRunner(settingsOf(warehouse));
    await sql.execute("CREATE TABLE ml_dev.default.seen (id INT)");
    warehouse.faults.loseAnswers({ methods: ["ExecuteStatement"] });
    await sql.execute(
      "MERGE INTO ml_dev.default.seen t USING (SELECT 1 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *",
    );
    expect(
      warehouse.counters.statements.filter((s) => s.received.startsWith("MERGE")),
    ).toHaveLength(2);
    expect(await sql.execute("SELECT count(*) AS n FROM ml_dev.default.seen")).toEqual([{ n: 1 }]);
  });

  it("sends a statement again that the warehouse ended without an answer (CANCELED)", async () => {
    const sql = sharedSqlRunner(settingsOf(warehouse));
    warehouse.faults.cancelStatements({ match: "again_one" });
    expect(await sql.execute("SELECT 5 AS again_one")).toEqual([{ again_one: 5 }]);
    expect(
      warehouse.counters.statements.filter((s) => s.received.includes("again_one")),
    ).toHaveLength(2);
  });

  it("names the root cause and every failure it retried when it gives up", async () => {
    warehouse.faults.resetConnections({ methods: ["ExecuteStatement"], times: 100 });
    const retry = { totalBudgetMs: 400, maxAttempts: 100, minDelayMs: 20, maxDelayMs: 50 };
    const sql = sharedSqlRunner(settingsOf(warehouse, { retry }));
    await expect(sql.execute("SELECT 1")).rejects.toThrow(
      /^SQL on warehouse \w+ failed: connection reset: .*\(gave up after \d+ attempts in \d+\.\d s: retry budget of 0\.4 s exhausted; failures: connection reset ×\d+\)$/,
    );
  });

  it("opens no new session for statements still running when it is closed", async () => {
    const sql = sharedSqlRunner(settingsOf(warehouse));
    warehouse.faults.delayStatements({ match: "late_one", ms: 400 });
    const late = sql.execute("SELECT 1 AS late_one").catch((error: Error) => error.message);
    await started("late_one");
    await closeSharedSqlRunners();
    expect(await late).toMatch(/session was closed before the statement could run/);
    expect(warehouse.counters.sessionsOpened).toBe(1);
  });
});

it("reports a SQL error with the warehouse and keeps the session", async () => {
  const sql = sharedSqlRunner(settingsOf(warehouse));
  await expect(sql.execute("SELECT * FROM ml_dev.default.nope")).rejects.toThrow(
    new RegExp(`^SQL on warehouse ${warehouse.warehouseId} failed: .*nope`),
  );
  expect(await sql.execute("SELECT 2 AS two")).toEqual([{ two: 2 }]);
  expect(sql.stats().sessionsOpened).toBe(1);
});

it("sends a statement again on a new session when the warehouse forgot the old one", async () => {
  const settings = settingsOf(warehouse);
  const sql = sharedSqlRunner(settings);
  await sql.execute("SELECT 1 AS one");
  // The warehouse restarts on the same address: the driver's session handle is unknown there.
  const { port, token, warehouseId } = warehouse;
  await warehouse.close();
  warehouse = await startLocalWarehouse({ port, token, warehouseId });
  expect(await sql.execute("SELECT 3 AS three")).toEqual([{ three: 3 }]);
  expect(sql.stats().sessionsOpened).toBe(2);
  expect(warehouse.counters.sessionsOpened).toBe(1);
});

it("opens no session for a wrong token, and tries again on the next statement", async () => {
  const sql = sharedSqlRunner(
    settingsOf(warehouse, { auth: { kind: "pat", token: "dapi-wrong-token-1" } }),
  );
  const error = await sql.execute("SELECT 1").catch((e: Error) => e);
  expect((error as Error).message).toMatch(/SQL on warehouse .* failed: .*401/);
  expect((error as Error).message).not.toContain("dapi-wrong-token-1");
  await sql.execute("SELECT 1").catch(() => undefined);
  expect(warehouse.counters.unauthorizedRequests).toBe(2);
  expect(sql.stats().sessionsOpened).toBe(0);
});

it("needs a warehouse id", () => {
  const { warehouseId: _warehouseId, ...without } = settingsOf(warehouse);
  expect(() => sharedSqlRunner(without)).toThrow(SettingsError);
  expect(() => sharedSqlRunner(without)).toThrow(/model-monitoring:warehouseId/);
});
