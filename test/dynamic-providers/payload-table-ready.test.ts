import { closeSharedRestClients } from "../../databricks-client/rest";
import {
  payloadTableReadyProvider as provider,
  type PayloadTableReadyInputs,
  type PayloadTableReadyOutputs,
} from "../../dynamic-providers/payload-table-ready";
import { UNKNOWN } from "../../dynamic-providers/shared/unknowns";
import {
  PESSIMISTIC_FIRST_CONTACT,
  startFakeWorkspace,
  type FakeWorkspace,
} from "../support/fake-workspace";
import {
  endpointBody,
  inferenceTableGateway,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { waitFor } from "../support/fake-workspace/test-client";
import { configureRequest, setEnv, stackConfigFor } from "../databricks-client/fake-settings";

const PAYLOAD = "main.inference.churn-model_payload";
const EXISTS_PATH = `/api/2.1/unity-catalog/tables/${PAYLOAD}/exists`;

let fake: FakeWorkspace;

const inputs = (overrides: Partial<PayloadTableReadyInputs> = {}): PayloadTableReadyInputs => ({
  tableName: PAYLOAD,
  endpointName: "churn-model",
  timeoutSeconds: 30, // tests that expect a timeout set a short one
  pollIntervalSeconds: 0.02,
  ...overrides,
});
const enableInferenceTable = (): void => {
  fake.state.endpoints.seed(endpointBody("churn-model", { ai_gateway: inferenceTableGateway() }));
};
/** The endpoint serves (and logs) its first request. */
const firstRequest = (): void => {
  fake.state.endpoints.logRequest("churn-model");
};
const create = (overrides: Partial<PayloadTableReadyInputs> = {}) =>
  (provider.create as NonNullable<typeof provider.create>)(inputs(overrides));

// The suite's default is the harder answer: the table appears only with the first request.
beforeEach(async () => {
  fake = await startFakeWorkspace({
    timing: { payloadTableMs: 150 },
    firstContact: PESSIMISTIC_FIRST_CONTACT,
  });
  seedSampleCatalog(fake.state);
  await provider.configure?.(configureRequest(stackConfigFor(fake)));
});
afterEach(async () => {
  closeSharedRestClients();
  await fake.close();
});

describe("create", () => {
  it("looks until Databricks has created the payload table (first request during the look)", async () => {
    enableInferenceTable();
    const started = Date.now();
    const pending = create();
    // The first request arrives only once the look has seen no table: it must keep polling.
    await waitFor(
      async () => fake.requests.count({ path: EXISTS_PATH }),
      (count) => count >= 1,
    );
    firstRequest();
    const result = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(result.id).toBe(PAYLOAD);
    expect(result.outs).toEqual({ ...inputs(), tableExists: true });
    expect(fake.requests.count({ path: EXISTS_PATH })).toBeGreaterThan(1);
    expect(fake.state.tables.exists(PAYLOAD)).toBe(true);
  });

  it("without traffic, records 'not there yet' after its look instead of failing", async () => {
    enableInferenceTable();
    const started = Date.now();
    const result = await create({ timeoutSeconds: 0.3 });
    const elapsed = Date.now() - started;
    expect(result).toEqual({
      id: PAYLOAD,
      outs: { ...inputs({ timeoutSeconds: 0.3 }), tableExists: false },
    });
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(5_000);
    // Nothing waits for traffic: the table is still not there, and no request made it.
    fake.state.settle();
    expect(fake.state.tables.exists(PAYLOAD)).toBe(false);
  });

  it("with the table made on enable (the other answer), finds it without traffic", async () => {
    fake.firstContact.payloadTable = "on-enable";
    enableInferenceTable();
    const result = await create();
    expect(result.outs?.tableExists).toBe(true);
  });

  it("returns at once when the table is there already (a repeated create)", async () => {
    fake.state.tables.seed({ full_name: PAYLOAD });
    await create();
    expect(fake.requests.count({ path: EXISTS_PATH })).toBe(1);
  });

  it.each(["not-found", "false"] as const)(
    "records 'not there yet' while the table's schema does not exist (exists answers %s)",
    async (answer) => {
      fake.strictness.tableExistsWithoutSchema = answer;
      const tableName = "main.serving.churn-model_payload";
      const result = await create({ tableName, timeoutSeconds: 0.3 });
      expect(result.outs?.tableExists).toBe(false);
      const statuses = fake.requests.filter({ path: `${EXISTS_PATH.replace(PAYLOAD, tableName)}` });
      expect(statuses.length).toBeGreaterThan(1);
      expect(statuses.every((r) => r.status === (answer === "false" ? 200 : 404))).toBe(true);
    },
  );

  it("converges through 429, 503, resets and slow answers", async () => {
    enableInferenceTable();
    firstRequest();
    // One poll meets them all in a row: its retries back off further each time.
    fake.faults.add({ path: EXISTS_PATH, kind: "reset" });
    fake.faults.add({ path: EXISTS_PATH, kind: "lost-response" });
    fake.faults.add({ path: EXISTS_PATH, kind: 429, retryAfterSeconds: 0 });
    fake.faults.add({ path: EXISTS_PATH, kind: 503, retryAfterSeconds: 0 });
    fake.faults.add({ path: EXISTS_PATH, kind: "slow", delayMs: 100 });
    const result = await create();
    expect(result.outs?.tableExists).toBe(true);
    expect(
      fake.requests
        .filter({ path: EXISTS_PATH })
        .map((r) => r.fault)
        .slice(0, 5),
    ).toEqual(["reset", "lost-response", 429, 503, "slow"]);
  });

  it("stops at once when the principal may not look at the table", async () => {
    fake.state.access.deny({ path: EXISTS_PATH });
    await expect(create()).rejects.toThrow(/GET .*\/exists: 403 PERMISSION_DENIED/);
    expect(fake.requests.count({ path: EXISTS_PATH })).toBe(1);
  });
});

describe("credentials", () => {
  it("come from the environment when the stack config has none", async () => {
    const restore = setEnv({ DATABRICKS_HOST: fake.url, DATABRICKS_TOKEN: fake.token });
    try {
      const envOnly = { ...provider };
      // Only the CA is in the stack config; host and token come from the environment.
      await envOnly.configure?.(configureRequest({ "model-monitoring:caCert": fake.caCert }));
      fake.state.tables.seed({ full_name: PAYLOAD });
      await (envOnly.create as NonNullable<typeof provider.create>).call(envOnly, inputs());
      expect(fake.requests.last({ path: EXISTS_PATH })?.principal).toBe(fake.userName);
    } finally {
      restore();
    }
  });

  it("are not needed by check and diff (previews without credentials)", async () => {
    const unconfigured = { ...provider };
    const restore = setEnv({ DATABRICKS_HOST: undefined, DATABRICKS_TOKEN: undefined });
    try {
      const checked = await unconfigured.check?.(inputs(), inputs());
      expect(checked?.failures).toEqual([]);
      expect(
        await unconfigured.diff?.(PAYLOAD, { ...inputs(), tableExists: true }, inputs()),
      ).toEqual({
        changes: false,
      });
    } finally {
      restore();
    }
  });
});

describe("read", () => {
  const stored: PayloadTableReadyOutputs = { ...inputs(), tableExists: true };

  it("reports the table as it is", async () => {
    fake.state.tables.seed({ full_name: PAYLOAD });
    const result = await provider.read?.(PAYLOAD, stored);
    expect(result).toEqual({ id: PAYLOAD, props: stored, inputs: inputs() });
  });

  it("reports a table that is not there (yet, or any more) as tableExists false, not as gone", async () => {
    fake.state.tables.seed({ full_name: PAYLOAD });
    fake.state.tables.drop(PAYLOAD);
    expect(await provider.read?.(PAYLOAD, stored)).toEqual({
      id: PAYLOAD,
      props: { ...stored, tableExists: false },
      inputs: inputs(),
    });
  });

  it("picks up the table once traffic has started, without an update", async () => {
    enableInferenceTable();
    const { outs } = await create({ timeoutSeconds: 0.1 });
    expect(outs?.tableExists).toBe(false);
    firstRequest();
    fake.state.settle();
    const live = await provider.read?.(PAYLOAD, outs as PayloadTableReadyOutputs);
    expect(live?.props).toEqual({ ...outs, tableExists: true });
    expect(
      await provider.diff?.(
        PAYLOAD,
        live?.props as PayloadTableReadyOutputs,
        inputs({ timeoutSeconds: 0.1 }),
      ),
    ).toEqual({
      changes: false,
    });
  });
});

describe("check and diff", () => {
  it("fills defaults, lets preview unknowns through and reports every bad input", async () => {
    const filled = await provider.check?.(
      {} as PayloadTableReadyInputs,
      {
        tableName: PAYLOAD,
      } as PayloadTableReadyInputs,
    );
    expect(filled).toEqual({
      inputs: { tableName: PAYLOAD, timeoutSeconds: 120, pollIntervalSeconds: 10 },
      failures: [],
    });
    const preview = await provider.check?.(
      {} as PayloadTableReadyInputs,
      {
        tableName: UNKNOWN,
        endpointName: UNKNOWN,
        timeoutSeconds: UNKNOWN,
      } as unknown as PayloadTableReadyInputs,
    );
    expect(preview?.failures).toEqual([]);
    expect(preview?.inputs).toMatchObject({ tableName: UNKNOWN, timeoutSeconds: UNKNOWN });
    const bad = await provider.check?.(
      {} as PayloadTableReadyInputs,
      {
        tableName: "payload",
        timeoutSeconds: -1,
        pollIntervalSeconds: "soon",
      } as unknown as PayloadTableReadyInputs,
    );
    expect(bad?.failures?.map((f) => f.property)).toEqual([
      "tableName",
      "timeoutSeconds",
      "pollIntervalSeconds",
    ]);
  });

  const olds: PayloadTableReadyOutputs = { ...inputs(), tableExists: true };
  it.each([
    ["nothing changed", inputs(), { changes: false }],
    [
      "only the table name's case",
      inputs({ tableName: PAYLOAD.toUpperCase() }),
      { changes: false },
    ],
    [
      "another table",
      inputs({ tableName: "main.inference.other_payload" }),
      { changes: true, replaces: ["tableName"] },
    ],
    [
      "a table name not known yet",
      inputs({ tableName: UNKNOWN }),
      { changes: true, replaces: ["tableName"] },
    ],
    ["another endpoint", inputs({ endpointName: "churn-v2" }), { changes: true }],
    [
      "only the timeout",
      inputs({ timeoutSeconds: 60, pollIntervalSeconds: 1 }),
      { changes: false },
    ],
  ])("%s", async (_name, news, expected) => {
    expect(await provider.diff?.(PAYLOAD, olds, news)).toEqual(expected);
  });

  it("a table still not there is no change to make: an up cannot bring traffic", async () => {
    expect(await provider.diff?.(PAYLOAD, { ...olds, tableExists: false }, inputs())).toEqual({
      changes: false,
    });
  });
});

it("delete leaves the table alone", async () => {
  fake.state.tables.seed({ full_name: PAYLOAD });
  fake.requests.clear();
  await provider.delete?.(PAYLOAD, { ...inputs(), tableExists: true });
  expect(fake.requests.all()).toEqual([]);
  expect(fake.state.tables.exists(PAYLOAD)).toBe(true);
});
