import { REPO_ROOT } from "../helpers/fixture-project";
import {
  runLifecycle,
  type FaultSettings,
  type LifecycleRecord,
} from "../support/provider-host/lifecycle";
import {
  modelNames,
  startStackWorld,
  STACK_TOKEN,
  type StackWorld,
} from "../support/provider-host/model-stack";

/**
 * Nine models' dynamic resources (PayloadTableReady, MonitorReady, DriftThresholds: 27) in
 * Pulumi's own dynamic-provider host, spoken to over gRPC as the engine does, through create,
 * refresh, update with changed inputs and delete (lifecycle.ts, STEPS), every resource
 * of a step in parallel, while 30% of the requests to the workspace and to the warehouse meet a
 * fault: 429 with Retry-After, 503, a reset before the request is applied, a reset after it
 * was applied (the statement ran, its answer was lost), a late answer. Several seeds, side by
 * side. `npm run bench:faults` prints each step's time.
 *
 * Each run must converge with no failed call, leave the thresholds table equal to the state
 * after every step (each row once, none after destroy), start no second monitor refresh, end
 * a wait within a second of its timeout, and show the token nowhere.
 */

const MODELS = modelNames(9);
/**
 * Seeds whose create step alone draws every kind of fault on both stand-ins (within its first
 * 23 workspace and 14 warehouse requests; it makes about 100 and 30), whatever order parallel
 * requests arrive in. FAULT_SEEDS=1,2 runs others.
 */
const SEEDS = (process.env.FAULT_SEEDS ?? "2,14,21").split(",").map(Number);
/** As in the report, 30% of requests; late answers take 1 s, not 2, to keep CI short. */
const FAULTS: Omit<FaultSettings, "seed"> = { rate: 0.3, retryAfterSeconds: 1, delayMs: 1000 };
const WAIT_TIMEOUT_SECONDS = 1;

interface SeedRun {
  seed: number;
  record: LifecycleRecord;
  /** Refreshes each monitor has, after the run. */
  refreshesPerMonitor: number[];
}

async function runSeed(seed: number): Promise<SeedRun> {
  const world: StackWorld = await startStackWorld(MODELS);
  try {
    const record = await runLifecycle(world, REPO_ROOT, {
      faults: { seed, ...FAULTS },
      deadlineWaitSeconds: WAIT_TIMEOUT_SECONDS,
    });
    const refreshesPerMonitor = MODELS.map(
      (model) =>
        world.workspace.state.monitors.refreshes(`ml_dev.inference.${model}_processed`).length,
    );
    return { seed, record, refreshesPerMonitor };
  } finally {
    await world.close();
  }
}

let runs: Map<number, SeedRun>;
beforeAll(async () => {
  // The seeds run side by side: their waits overlap, which keeps the suite short.
  const done = await Promise.all(SEEDS.map(runSeed));
  runs = new Map(done.map((run) => [run.seed, run]));
}, 120_000);

type Row = Record<string, unknown>;
const keyOf = (r: Row) => `${r.column_name}/${r.statistic}/${r.drift_type}/${r.severity}`;

describe.each(SEEDS)("seed %i", (seed) => {
  const run = () => runs.get(seed) as SeedRun;

  it("every call of every step converged", () => {
    const { record } = run();
    expect(record.phases.map((p) => [p.name, p.failures])).toEqual([
      ["create", []],
      ["refresh", []],
      ["update", []],
      ["delete", []],
    ]);
    const created = record.states.create ?? {};
    expect(Object.keys(created)).toHaveLength(3 * MODELS.length);
    expect(Object.keys(record.states.delete ?? {})).toEqual([]);
  });

  it("met every kind of fault, on the workspace and on the warehouse", () => {
    const { workspace, warehouse } = run().record.faultsFired;
    expect(Object.keys(workspace).sort()).toEqual(["429", "503", "lost-response", "reset", "slow"]);
    expect(Object.keys(warehouse).sort()).toEqual(["429", "503", "lost-answer", "reset", "slow"]);
  });

  it("left the thresholds table equal to the state after each step: each row once, none after destroy", () => {
    const { record } = run();
    for (const [phase, state] of Object.entries(record.states)) {
      const rows = record.rows[phase] ?? {};
      const expected: Record<string, Record<string, number>> = {};
      for (const stored of Object.values(state)) {
        if (stored.declared.type !== "DriftThresholds") continue;
        const thresholds = stored.outputs.thresholds as Record<string, { value: number }>;
        expected[stored.declared.model] = Object.fromEntries(
          Object.entries(thresholds).map(([key, row]) => [key, row.value]),
        );
      }
      const actual: Record<string, Record<string, number>> = {};
      for (const [model, modelRows] of Object.entries(rows)) {
        const keys = modelRows.map(keyOf);
        expect({ phase, model, duplicates: keys.length - new Set(keys).size }).toEqual({
          phase,
          model,
          duplicates: 0,
        });
        actual[model] = Object.fromEntries(modelRows.map((r) => [keyOf(r), Number(r.value)]));
      }
      expect({ phase, rows: actual }).toEqual({ phase, rows: expected });
    }
  });

  it("read back what create and update wrote, and every wait is done", () => {
    const { record } = run();
    for (const phase of ["refresh", "update"]) {
      for (const stored of Object.values(record.states[phase] ?? {})) {
        if (stored.declared.type === "PayloadTableReady") {
          expect(stored.outputs).toMatchObject({ tableExists: true });
        }
        if (stored.declared.type === "MonitorReady") {
          expect(stored.outputs).toMatchObject({
            status: "MONITOR_STATUS_ACTIVE",
            refreshState: "SUCCESS",
            metricTablesExist: true,
          });
        }
      }
    }
    // Refresh read back exactly what create wrote.
    const created = record.states.create ?? {};
    for (const [urn, stored] of Object.entries(record.states.refresh ?? {})) {
      if (stored.declared.type !== "DriftThresholds") continue;
      expect(stored.outputs.thresholds).toEqual(created[urn]?.outputs.thresholds);
    }
    // Update wrote what the program asked for: the state holds the new inputs' thresholds.
    for (const stored of Object.values(record.states.update ?? {})) {
      if (stored.declared.type !== "DriftThresholds") continue;
      expect(stored.outputs.thresholds).toEqual(stored.declared.inputs.thresholds);
    }
  });

  it("started one refresh per monitor, however many answers were lost", () => {
    expect(run().refreshesPerMonitor).toEqual(MODELS.map(() => 1));
  });

  it("ended a look within a second of its timeout, recording that the table is not there", () => {
    const wait = run().record.deadlineWait;
    expect(wait?.message).toBe("recorded tableExists: false");
    expect(wait?.ms).toBeLessThan((WAIT_TIMEOUT_SECONDS + 1) * 1000);
  });

  it("showed the token in no message, log, host output or state", () => {
    const { record } = run();
    const everything = [...record.messages, JSON.stringify(record.states)].join("\n");
    expect(everything).not.toContain(STACK_TOKEN);
  });
});
