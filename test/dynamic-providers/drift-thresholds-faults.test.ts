import {
  ROWS,
  TABLE,
  inputs,
  row,
  startHarness,
  type Harness,
  type Props,
} from "./drift-thresholds-harness";
import { closeSharedSqlRunners } from "../../databricks-client/sql-session";
import { parseTableName } from "../../core/names";
import { createThresholdsTableSql } from "../../sql/thresholds-table";

/**
 * Faults from the warehouse on every operation: throttling with Retry-After, unavailability,
 * dropped connections, lost answers. Each operation must converge, with no row written twice.
 */

type Fault = { name: string; inject: (h: Harness) => void };

const FAULTS: Fault[] = [
  {
    name: "503 on ExecuteStatement",
    inject: (h) => h.warehouse.faults.failHttp({ status: 503, methods: ["ExecuteStatement"] }),
  },
  {
    name: "429 with Retry-After",
    inject: (h) =>
      h.warehouse.faults.failHttp({
        status: 429,
        methods: ["ExecuteStatement"],
        retryAfterSeconds: 1,
      }),
  },
  {
    name: "connection reset",
    inject: (h) => h.warehouse.faults.resetConnections({ methods: ["ExecuteStatement"] }),
  },
];

async function resetTable(h: Harness): Promise<void> {
  h.warehouse.faults.clear();
  await h.warehouse.query(createThresholdsTableSql(parseTableName(TABLE)));
  await h.warehouse.query(`DELETE FROM ${TABLE}`);
}

/** Each key once, with the desired value. */
async function expectExactly(h: Harness, desired: Props): Promise<void> {
  const rows = await h.rows("churn");
  const keys = rows.map((r) => `${r.column_name}/${r.statistic}/${r.drift_type}/${r.severity}`);
  expect(keys.sort()).toEqual(Object.keys(desired.thresholds as object).sort());
  const wanted = desired.thresholds as Record<string, { value: number }>;
  for (const r of rows) {
    expect(r.value).toBe(
      wanted[`${r.column_name}/${r.statistic}/${r.drift_type}/${r.severity}`]?.value,
    );
  }
}

describe("transient faults on every operation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetTable(h);
  });

  describe.each(FAULTS.map((f) => [f.name, f] as const))("%s", (_name, fault) => {
    it("create converges", async () => {
      fault.inject(h);
      await h.provider.create(inputs());
      expect(h.warehouse.faults.pending).toBe(0);
      await expectExactly(h, inputs());
    });

    it("read converges", async () => {
      const { id, outs } = await h.provider.create(inputs());
      fault.inject(h);
      expect((await h.provider.read(id, outs)).props).toEqual(outs);
      expect(h.warehouse.faults.pending).toBe(0);
    });

    it("update converges", async () => {
      const { id, outs } = await h.provider.create(inputs());
      const desired = inputs([row({ value: 0.05 }), ...ROWS.slice(1, 3)]);
      fault.inject(h);
      await h.provider.update(id, outs as Props, desired);
      expect(h.warehouse.faults.pending).toBe(0);
      await expectExactly(h, desired);
    });

    it("delete converges", async () => {
      const { id, outs } = await h.provider.create(inputs());
      fault.inject(h);
      await h.provider.delete(id, outs as Props);
      expect(h.warehouse.faults.pending).toBe(0);
      expect(await h.rows("churn")).toEqual([]);
    });
  });

  it("waits as long as Retry-After says before sending again", async () => {
    h.warehouse.faults.failHttp({
      status: 429,
      methods: ["ExecuteStatement"],
      retryAfterSeconds: 2,
    });
    const started = Date.now();
    await h.provider.read(`${TABLE}/churn`, inputs());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it("opens a new session when opening one fails", async () => {
    await closeSharedSqlRunners();
    h.warehouse.faults.failHttp({ status: 503, methods: ["OpenSession"] });
    const { sessions } = await h.counting(() => h.provider.create(inputs()));
    expect(sessions).toBe(1);
    await expectExactly(h, inputs());
  });

  it("sends a MERGE again when it lost a Delta write conflict to another model's", async () => {
    h.warehouse.faults.failStatements({
      match: "MERGE",
      errorClass: "DELTA_CONCURRENT_APPEND",
      message:
        "ConcurrentAppendException: Files were added to the root of the table by a concurrent update.",
      sqlState: "2D521",
    });
    const { statements } = await h.counting(() => h.provider.create(inputs()));
    expect(statements.filter((s) => s === "MERGE")).toHaveLength(2);
    expect(h.warehouse.faults.pending).toBe(0);
    await expectExactly(h, inputs());
  });

  it("does not retry a SQL error, and reports a create that failed after writing as partial", async () => {
    h.warehouse.faults.failStatements({ match: "MERGE", message: "the warehouse refused" });
    const failure = (await h.provider.create(inputs()).catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: Props;
    };
    expect(failure.message).toMatch(
      /writing the thresholds of churn .* failed: .*the warehouse refused/,
    );
    // Recorded by id with what is known to be there (nothing), so the next update writes it all.
    expect(failure.id).toBe(`${TABLE}/churn`);
    expect(failure.properties).toMatchObject({ table: TABLE, model: "churn", thresholds: {} });
    await h.provider.update(failure.id as string, failure.properties as Props, inputs());
    await expectExactly(h, inputs());
  });
});

/**
 * A lost answer: the MERGE runs, then fetching its result fails (the driver does not retry
 * fetches). Statements that finish within the warehouse's direct-results wait answer in one
 * round trip; the MERGE is held longer, so only its fetch meets the fault.
 */
const WAIT_MS = 200;
function loseTheMergeAnswer(h: Harness): void {
  h.warehouse.faults.delayStatements({ match: "MERGE", ms: 2 * WAIT_MS });
  h.warehouse.faults.failHttp({ status: 503, methods: ["FetchResults"] });
}

describe("lost answers", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ directResultsTimeoutMs: WAIT_MS });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetTable(h);
  });

  it("sends the statement again, duplicating nothing", async () => {
    const { statements } = await h.counting(() => h.provider.create(inputs()));
    expect(statements).toEqual(expect.arrayContaining(["MERGE"]));
    await resetTable(h);
    loseTheMergeAnswer(h);
    const lost = await h.counting(() => h.provider.create(inputs()));
    expect(lost.statements.filter((s) => s === "MERGE")).toHaveLength(2);
    expect(h.warehouse.faults.pending).toBe(0);
    await expectExactly(h, inputs());
  });
});

describe("lost answers with no retry budget left", () => {
  let h: Harness;
  beforeAll(async () => {
    // A budget too small for any retry: every fault is final at once.
    h = await startHarness(
      { directResultsTimeoutMs: WAIT_MS },
      { "databricks:retryTimeoutSeconds": "0.001" },
    );
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(async () => {
    await resetTable(h);
  });

  it("create looks before reporting: the lost MERGE had run, so the create succeeded", async () => {
    await h.provider.create(inputs(ROWS, { model: "warm-up" })); // the table is ensured
    loseTheMergeAnswer(h);
    const { result, statements } = await h.counting(() => h.provider.create(inputs()));
    expect(result.id).toBe(`${TABLE}/churn`);
    expect(statements).toEqual(["SELECT", "MERGE", "SELECT"]);
    await expectExactly(h, inputs());
  });

  it("a failed update leaves state to converge on the next run, duplicating nothing", async () => {
    const { id, outs } = await h.provider.create(inputs());
    const desired = inputs([row({ value: 0.05 }), ...ROWS.slice(1)]);
    h.warehouse.faults.failHttp({ status: 503, methods: ["ExecuteStatement"] });
    await expect(h.provider.update(id, outs as Props, desired)).rejects.toThrow(/503/);
    // The engine keeps the old outputs; the next `up` sends the same change again.
    await h.provider.update(id, outs as Props, desired);
    await expectExactly(h, desired);
  });
});
