import { closeSharedRestClients } from "../../databricks-client/rest";
import {
  payloadTableReadyProvider as provider,
  type PayloadTableReadyInputs,
  type PayloadTableReadyOutputs,
} from "../../dynamic-providers/payload-table-ready";
import { UNKNOWN } from "../../dynamic-providers/shared/unknowns";
import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import {
  endpointBody,
  inferenceTableGateway,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { waitFor } from "../support/fake-workspace/test-client";
import { configureRequest, setEnv, stackConfigFor } from "../client/fake-settings";

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
const create = (overrides: Partial<PayloadTableReadyInputs> = {}) =>
  (provider.create as NonNullable<typeof provider.create>)(inputs(overrides));

beforeEach(async () => {
  fake = await startFakeWorkspace({ timing: { payloadTableMs: 150 } });
  seedSampleCatalog(fake.state);
  await provider.configure?.(configureRequest(stackConfigFor(fake)));
});
afterEach(async () => {
  closeSharedRestClients();
  await fake.close();
});

describe("create", () => {
  it("waits until Databricks has created the payload table", async () => {
    const started = Date.now();
    const pending = create();
    // Enable logging only once the wait has seen no table: it must keep polling.
    await waitFor(
      async () => fake.requests.count({ path: EXISTS_PATH }),
      (count) => count >= 1,
    );
    enableInferenceTable();
    const result = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(result.id).toBe(PAYLOAD);
    expect(result.outs).toEqual({ ...inputs(), tableExists: true });
    expect(fake.requests.count({ path: EXISTS_PATH })).toBeGreaterThan(1);
    expect(fake.state.tables.exists(PAYLOAD)).toBe(true);
  });

  it("returns at once when the table is there already (a repeated create)", async () => {
    fake.state.tables.seed({ full_name: PAYLOAD });
    await create();
    expect(fake.requests.count({ path: EXISTS_PATH })).toBe(1);
  });

  it("fails after the timeout, naming the table and what to check", async () => {
    const started = Date.now();
    const error = (await create({ timeoutSeconds: 0.3 }).catch((e: unknown) => e)) as Error & {
      id?: string;
    };
    const elapsed = Date.now() - started;
    expect(error.message).toMatch(
      /^Timed out after 0\.3 s waiting for Databricks to create the inference payload table main\.inference\.churn-model_payload\. Check that endpoint churn-model is READY, that its AI Gateway inference table is enabled .*served at least one request/,
    );
    // Nothing in the workspace changed: not a partial create.
    expect(error.id).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(5_000);
  });

  it.each(["not-found", "false"] as const)(
    "keeps waiting while the table's schema does not exist (exists answers %s)",
    async (answer) => {
      fake.strictness.tableExistsWithoutSchema = answer;
      const tableName = "main.serving.churn-model_payload";
      const error = (await create({ tableName, timeoutSeconds: 0.3 }).catch(
        (e: unknown) => e,
      )) as Error;
      expect(error.message).toMatch(
        /^Timed out after 0\.3 s .* main\.serving\.churn-model_payload\./,
      );
      const statuses = fake.requests.filter({ path: `${EXISTS_PATH.replace(PAYLOAD, tableName)}` });
      expect(statuses.length).toBeGreaterThan(1);
      expect(statuses.every((r) => r.status === (answer === "false" ? 200 : 404))).toBe(true);
    },
  );

  it("converges through 429, 503, resets and slow answers", async () => {
    enableInferenceTable();
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

  it("reports the table gone (empty id) after someone dropped it", async () => {
    fake.state.tables.seed({ full_name: PAYLOAD });
    fake.state.tables.drop(PAYLOAD);
    expect(await provider.read?.(PAYLOAD, stored)).toEqual({ id: "" });
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
      inputs: { tableName: PAYLOAD, timeoutSeconds: 3600, pollIntervalSeconds: 30 },
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
});

it("delete leaves the table alone", async () => {
  fake.state.tables.seed({ full_name: PAYLOAD });
  fake.requests.clear();
  await provider.delete?.(PAYLOAD, { ...inputs(), tableExists: true });
  expect(fake.requests.all()).toEqual([]);
  expect(fake.state.tables.exists(PAYLOAD)).toBe(true);
});
