import { LocalWarehouse, startLocalWarehouse } from "../support/warehouse";
import { openDriverSession } from "../support/warehouse/driver-session";

/** Injected failures, observed through the real driver. */
let warehouse: LocalWarehouse;

beforeAll(async () => {
  // A short direct-results wait so delayed statements are answered RUNNING and polled.
  warehouse = await startLocalWarehouse({ directResultsTimeoutMs: 50 });
  await warehouse.query("CREATE TABLE main.default.events (id INT)");
});

afterEach(() => {
  warehouse.faults.clear();
});

afterAll(async () => {
  await warehouse.close();
});

it("fails the next matching statement with the given SQL error, then recovers", async () => {
  warehouse.faults.failStatements({
    match: "from main.default.events",
    errorClass: "DELTA_CONCURRENT_APPEND",
    message: "ConcurrentAppendException: Files were added by a concurrent update.",
    sqlState: "2D521",
  });
  const driver = await openDriverSession(warehouse);
  try {
    expect(await driver.run("SELECT 1 AS unrelated")).toEqual([{ unrelated: 1 }]);
    await expect(driver.run("SELECT count(*) AS n FROM main.default.events")).rejects.toThrow(
      "[DELTA_CONCURRENT_APPEND] ConcurrentAppendException: Files were added by a concurrent update. SQLSTATE: 2D521",
    );
    expect(await driver.run("SELECT count(*) AS n FROM main.default.events")).toEqual([{ n: 0 }]);
    expect(warehouse.faults.fired).toBeGreaterThanOrEqual(1);
    expect(warehouse.faults.pending).toBe(0);
  } finally {
    await driver.close();
  }
});

it("keeps a delayed statement RUNNING, so the driver polls its status", async () => {
  warehouse.faults.delayStatements({ match: "slow_query", ms: 400 });
  const driver = await openDriverSession(warehouse);
  const polls = warehouse.counters.thriftCalls.GetOperationStatus ?? 0;
  try {
    const started = Date.now();
    expect(await driver.run("SELECT 'slow_query' AS tag")).toEqual([{ tag: "slow_query" }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(warehouse.counters.thriftCalls.GetOperationStatus ?? 0).toBeGreaterThan(polls + 1);
  } finally {
    await driver.close();
  }
});

it("cancels a running statement before it executes", async () => {
  warehouse.faults.delayStatements({ match: "INSERT INTO main.default.events", ms: 5000 });
  const driver = await openDriverSession(warehouse);
  try {
    const operation = await driver.session.executeStatement(
      "INSERT INTO main.default.events VALUES (1)",
    );
    await operation.cancel();
    await expect(operation.fetchAll()).rejects.toThrow(/canceled/i);
    expect(warehouse.counters.thriftCalls.CancelOperation).toBe(1);
    expect(await driver.run("SELECT count(*) AS n FROM main.default.events")).toEqual([{ n: 0 }]);
    expect(
      warehouse.counters.statements.find((entry) => entry.received.startsWith("INSERT"))?.state,
    ).toBe("canceled");
  } finally {
    await driver.close();
  }
});

it("ends the next matching statement CANCELED on the warehouse side, without running it", async () => {
  warehouse.faults.cancelStatements({ match: "INSERT INTO main.default.events" });
  const driver = await openDriverSession(warehouse);
  try {
    const failure = await driver.run("INSERT INTO main.default.events VALUES (2)").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failure as Error).constructor.name).toBe("OperationStateError");
    expect(failure).toMatchObject({ errorCode: "CANCELED" });
    expect(await driver.run("SELECT count(*) AS n FROM main.default.events")).toEqual([{ n: 0 }]);
    expect(warehouse.faults.pending).toBe(0);
  } finally {
    await driver.close();
  }
});

it("answers HTTP 503 on retryable calls; the driver retries and succeeds", async () => {
  const driver = await openDriverSession(warehouse, {
    connect: { retryMaxAttempts: 3, retryDelayMin: 5, retryDelayMax: 20 },
  });
  const before = warehouse.counters.thriftCalls.CloseSession ?? 0;
  warehouse.faults.failHttp({
    status: 503,
    methods: ["CloseSession"],
    times: 2,
    retryAfterSeconds: 0,
  });
  await driver.close();
  expect(warehouse.counters.thriftCalls.CloseSession).toBe(before + 3);
  expect(warehouse.counters.sessionsClosed).toBeGreaterThanOrEqual(1);
});

it("answers HTTP 503 on ExecuteStatement, which the driver does not retry", async () => {
  const driver = await openDriverSession(warehouse, {
    connect: { retryMaxAttempts: 3, retryDelayMin: 5 },
  });
  const before = warehouse.counters.thriftCalls.ExecuteStatement ?? 0;
  warehouse.faults.failHttp({ status: 503, methods: ["ExecuteStatement"] });
  try {
    await expect(driver.session.executeStatement("SELECT 1")).rejects.toThrow(
      /bad HTTP status code: 503/,
    );
    expect(warehouse.counters.thriftCalls.ExecuteStatement).toBe(before + 1);
    expect(await driver.run("SELECT 2 AS two")).toEqual([{ two: 2 }]);
  } finally {
    await driver.close();
  }
});

it("resets the connection of a matching call", async () => {
  const driver = await openDriverSession(warehouse);
  warehouse.faults.resetConnections({ methods: ["ExecuteStatement"] });
  try {
    await expect(driver.session.executeStatement("SELECT 1")).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(await driver.run("SELECT 3 AS three")).toEqual([{ three: 3 }]);
  } finally {
    await driver.close();
  }
});

it("loses the answer of a call it processed: the statement ran, the driver sees a reset", async () => {
  const driver = await openDriverSession(warehouse);
  await warehouse.query("CREATE TABLE main.default.lost (id INT)");
  warehouse.faults.loseAnswers({ methods: ["ExecuteStatement"] });
  try {
    await expect(
      driver.session.executeStatement("INSERT INTO main.default.lost VALUES (1)"),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await warehouse.query("SELECT count(*) AS n FROM main.default.lost")).toEqual([
      { n: 1 },
    ]);
    expect(warehouse.faults.firedByKind["lost-answer"]).toBe(1);
  } finally {
    await driver.close();
  }
});

it("holds an answer back for the given time", async () => {
  const driver = await openDriverSession(warehouse);
  warehouse.faults.delayHttp({ methods: ["ExecuteStatement"], ms: 300 });
  try {
    const started = Date.now();
    expect(await driver.run("SELECT 4 AS four")).toEqual([{ four: 4 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  } finally {
    await driver.close();
  }
});

it("meets a seeded share of calls with random faults, each kind counted", async () => {
  const draws = (seed: number): string[] => {
    warehouse.faults.clear();
    warehouse.faults.random({ seed, rate: 0.3 });
    const kinds: string[] = [];
    for (let i = 0; i < 200; i++) {
      const fault = warehouse.faults.takeHttpFault("ExecuteStatement");
      kinds.push(
        fault === undefined ? "none" : fault.kind === "status" ? String(fault.status) : fault.kind,
      );
    }
    return kinds;
  };
  const first = draws(3);
  expect(draws(3)).toEqual(first);
  const faulted = first.filter((kind) => kind !== "none");
  expect(faulted.length).toBeGreaterThan(40);
  expect(faulted.length).toBeLessThan(80);
  expect(new Set(faulted)).toEqual(new Set(["429", "503", "reset", "lost-answer", "slow"]));
  warehouse.faults.clear();
  expect(warehouse.faults.takeHttpFault("ExecuteStatement")).toBeUndefined();
});
