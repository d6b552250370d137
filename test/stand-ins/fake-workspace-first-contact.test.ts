import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import { EMPTY_TABLE_REFRESH_MESSAGE } from "../support/fake-workspace/first-contact";
import {
  endpointBody,
  inferenceTableGateway,
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";

/**
 * The first-contact switches: each UNCONFIRMED answer about a model without traffic, both
 * sides, through the fake's own state (the REST routes are the ones the other tests cover).
 */

const PAYLOAD = "main.inference.churn-model_payload";
const TABLE = processedTable.full_name;
const PROFILE = "main.monitoring.churn_processed_profile_metrics";
const DRIFT = "main.monitoring.churn_processed_drift_metrics";

let fake: FakeWorkspace;
afterEach(() => fake.close());

const endpointWithInferenceTable = (options: { ready?: boolean } = {}) =>
  fake.state.endpoints.seed(endpointBody("churn-model", { ai_gateway: inferenceTableGateway() }), {
    ready: options.ready ?? true,
  });
const monitoredTable = () => {
  fake.state.tables.seed(processedTable);
  fake.state.monitors.seed(TABLE, monitorBody());
};
const refreshNow = () => {
  const { refresh_id } = fake.state.monitors.startRefresh(TABLE);
  fake.state.settle();
  return fake.state.monitors.refresh(TABLE, refresh_id);
};

describe("payload table", () => {
  it("by default appears some time after the inference table is enabled, without traffic", async () => {
    fake = await startFakeWorkspace();
    seedSampleCatalog(fake.state);
    endpointWithInferenceTable();
    fake.state.settle();
    expect(fake.state.tables.exists(PAYLOAD)).toBe(true);
  });

  it("on-first-request: never without a logged request, then payloadTableMs after the first", async () => {
    fake = await startFakeWorkspace({
      firstContact: { payloadTable: "on-first-request" },
      timing: { payloadTableMs: 60_000 },
    });
    seedSampleCatalog(fake.state);
    endpointWithInferenceTable();
    fake.state.settle();
    expect(fake.state.tables.exists(PAYLOAD)).toBe(false);

    expect(fake.state.endpoints.logRequest("churn-model")).toEqual({ payloadTable: PAYLOAD });
    expect(fake.state.tables.exists(PAYLOAD)).toBe(false); // not at once
    fake.state.endpoints.logRequest("churn-model"); // a second request schedules nothing more
    fake.state.settle();
    expect(fake.state.tables.get(PAYLOAD)?.columns.map((c) => c.name)).toContain("request_time");
    expect(fake.state.firstContact.hasRows(PAYLOAD)).toBe(true);
  });

  it("a request is refused while the endpoint is not ready, and logs nothing without an inference table", async () => {
    fake = await startFakeWorkspace({ firstContact: { payloadTable: "on-first-request" } });
    seedSampleCatalog(fake.state);
    endpointWithInferenceTable({ ready: false });
    expect(() => fake.state.endpoints.logRequest("churn-model")).toThrow(/not ready/);
    fake.state.endpoints.seed(endpointBody("plain"));
    expect(fake.state.endpoints.logRequest("plain")).toEqual({});
  });
});

describe("refresh of a table without rows", () => {
  it("by default succeeds and writes the (empty) metric tables", async () => {
    fake = await startFakeWorkspace();
    seedSampleCatalog(fake.state);
    monitoredTable();
    expect(refreshNow().state).toBe("SUCCESS");
    expect(fake.state.tables.exists(PROFILE) && fake.state.tables.exists(DRIFT)).toBe(true);
  });

  it("fails: FAILED with a message, no tables; once the table has rows it succeeds", async () => {
    fake = await startFakeWorkspace({ firstContact: { emptyTableRefresh: "fails" } });
    seedSampleCatalog(fake.state);
    monitoredTable();
    expect(refreshNow()).toMatchObject({ state: "FAILED", message: EMPTY_TABLE_REFRESH_MESSAGE });
    expect(fake.state.tables.exists(PROFILE)).toBe(false);

    fake.state.firstContact.recordRows(TABLE);
    expect(refreshNow().state).toBe("SUCCESS");
    expect(fake.state.tables.exists(PROFILE) && fake.state.tables.exists(DRIFT)).toBe(true);
  });

  it("writes-no-tables: SUCCESS without metric tables (the variant)", async () => {
    fake = await startFakeWorkspace({ firstContact: { emptyTableRefresh: "writes-no-tables" } });
    seedSampleCatalog(fake.state);
    monitoredTable();
    expect(refreshNow().state).toBe("SUCCESS");
    expect(fake.state.tables.exists(PROFILE) || fake.state.tables.exists(DRIFT)).toBe(false);
  });

  it("the switches are live: a change applies to refreshes that end afterwards", async () => {
    fake = await startFakeWorkspace();
    seedSampleCatalog(fake.state);
    monitoredTable();
    fake.firstContact.emptyTableRefresh = "fails";
    expect(refreshNow().state).toBe("FAILED");
  });
});

it("metric tables may lack a statistic column", async () => {
  fake = await startFakeWorkspace({
    firstContact: { metricTablesLack: ["population_stability_index"] },
  });
  seedSampleCatalog(fake.state);
  monitoredTable();
  refreshNow();
  const columns = fake.state.tables.get(DRIFT)?.columns.map((c) => c.name) ?? [];
  expect(columns).toContain("ks_test");
  expect(columns).not.toContain("population_stability_index");
});
