import { closeSharedRestClients } from "../../databricks-client/rest";
import { monitorReadyProvider } from "../../dynamic-providers/monitor-ready";
import { payloadTableReadyProvider } from "../../dynamic-providers/payload-table-ready";
import { configureRequest, stackConfigFor } from "../databricks-client/fake-settings";
import { startFakeWorkspace, type FakeWorkspace, type FaultSpec } from "../support/fake-workspace";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";

/**
 * A wait with a short timeout, while every request meets a fault that would hold it past its
 * deadline: an answer 2 s late, a Retry-After of 2 s, a broken connection. The wait must end
 * within a second of its deadline, with its usual timeout message. (Before, a request in flight
 * and a Retry-After sleep ran to their end: a 0.5 s wait took 2.2 s.)
 */

const TIMEOUT_SECONDS = 0.5;
const SLACK_MS = 1000;
const PAYLOAD = "main.inference.churn_payload";
const TABLE = processedTable.full_name;

type Provider = {
  create(inputs: Record<string, unknown>): Promise<unknown>;
};

let fake: FakeWorkspace;
beforeEach(async () => {
  // The monitor never becomes ACTIVE within the test; the payload table never appears.
  fake = await startFakeWorkspace({ timing: { monitorActivationMs: 60_000 } });
  seedSampleCatalog(fake.state);
  fake.state.tables.seed(processedTable);
  fake.state.monitors.seed(TABLE, monitorBody(), { active: false });
  const config = configureRequest({
    ...stackConfigFor(fake),
    "databricks:retryTimeoutSeconds": "30",
  });
  await payloadTableReadyProvider.configure?.(config);
  await monitorReadyProvider.configure?.(config);
});
afterEach(async () => {
  closeSharedRestClients();
  await fake.close();
});

const FAULTS: Array<[string, Omit<FaultSpec, "path">]> = [
  ["an answer 2 s late", { kind: "slow", delayMs: 2000 }],
  ["429 with Retry-After: 2", { kind: 429, retryAfterSeconds: 2 }],
  ["503 with Retry-After: 2", { kind: 503, retryAfterSeconds: 2 }],
  ["a reset connection", { kind: "reset" }],
];

async function timedFailure(work: () => Promise<unknown>): Promise<{ ms: number; error: Error }> {
  const started = Date.now();
  const error = await work().then(
    () => new Error("expected the wait to time out"),
    (e: Error) => e,
  );
  return { ms: Date.now() - started, error };
}

describe.each(FAULTS)("under %s on every check", (_name, fault) => {
  it("PayloadTableReady ends its look within a second of its timeout, recording 'not yet'", async () => {
    fake.faults.add({ ...fault, path: "/api/2.1/unity-catalog/tables/**", times: Infinity });
    const provider = payloadTableReadyProvider as unknown as Provider;
    const started = Date.now();
    const result = (await provider.create({
      tableName: PAYLOAD,
      endpointName: "churn",
      timeoutSeconds: TIMEOUT_SECONDS,
      pollIntervalSeconds: 0.05,
    })) as { outs: { tableExists: boolean } };
    const ms = Date.now() - started;
    expect(result.outs.tableExists).toBe(false);
    expect(ms).toBeLessThan(TIMEOUT_SECONDS * 1000 + SLACK_MS);
  });

  it("MonitorReady ends within a second of its timeout, saying what it waited for", async () => {
    fake.faults.add({ ...fault, path: "/api/2.1/unity-catalog/tables/*/monitor", times: Infinity });
    const provider = monitorReadyProvider as unknown as Provider;
    const { ms, error } = await timedFailure(() =>
      provider.create({
        tableName: TABLE,
        firstRefresh: true,
        timeoutSeconds: TIMEOUT_SECONDS,
        pollIntervalSeconds: 0.05,
      }),
    );
    expect(error.message).toMatch(
      new RegExp(
        `^The quality monitor on ${TABLE.replace(/\./g, "\\.")} is still (not active|MONITOR_STATUS_PENDING) after`,
      ),
    );
    expect(ms).toBeLessThan(TIMEOUT_SECONDS * 1000 + SLACK_MS);
  });
});

it("says which check the deadline cut off", async () => {
  fake.faults.add({
    kind: 429,
    retryAfterSeconds: 2,
    path: "/api/2.1/unity-catalog/tables/*/monitor",
    times: Infinity,
  });
  const provider = monitorReadyProvider as unknown as Provider;
  const { error } = await timedFailure(() =>
    provider.create({ tableName: TABLE, firstRefresh: true, timeoutSeconds: TIMEOUT_SECONDS }),
  );
  expect(error.message).toMatch(
    / The last check did not finish in time: GET \/api\/2\.1\/unity-catalog\/tables\/main\.inference\.churn_processed\/monitor: 429 REQUEST_LIMIT_EXCEEDED: .*at the deadline; the server asked to wait 2 s; failures: HTTP 429\)$/,
  );
  expect(error.message).not.toContain(fake.token);
});
