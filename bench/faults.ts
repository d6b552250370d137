import { runLifecycle, type LifecycleRecord } from "../test/support/provider-host/lifecycle";
import { modelNames, startStackWorld } from "../test/support/provider-host/model-stack";

/**
 * What faults cost (no assertions): nine models' dynamic resources (PayloadTableReady,
 * MonitorReady, DriftThresholds: 27) in Pulumi's own dynamic-provider host, spoken to over gRPC
 * as the engine does, through create, refresh, update and delete, every resource of a
 * step in parallel; once without faults and once per seed with 30% of the requests to the
 * workspace and the warehouse meeting a fault (429 with Retry-After 1 s, 503, reset before or
 * after the request was applied, a 2 s late answer). Prints per step: workspace requests,
 * warehouse HTTP requests, statements and time, and how long a wait with a 1 s timeout took.
 *
 * Run from the project root (the host loads the providers from it): npm run bench:faults.
 * BENCH_FAULT_SEEDS=2,14,21 BENCH_FAULT_RATE=0.3 BENCH_FAULT_DELAY_MS=2000.
 */

const MODELS = modelNames(9);
const SEEDS = (process.env.BENCH_FAULT_SEEDS ?? "2,14,21").split(",").map(Number);
const RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.3);
const DELAY_MS = Number(process.env.BENCH_FAULT_DELAY_MS ?? 2000);
const WAIT_TIMEOUT_SECONDS = 1;

async function once(seed: number | undefined): Promise<LifecycleRecord> {
  const world = await startStackWorld(MODELS);
  try {
    return await runLifecycle(world, process.cwd(), {
      deadlineWaitSeconds: WAIT_TIMEOUT_SECONDS,
      ...(seed === undefined
        ? {}
        : { faults: { seed, rate: RATE, retryAfterSeconds: 1, delayMs: DELAY_MS } }),
    });
  } finally {
    await world.close();
  }
}

function print(label: string, record: LifecycleRecord): void {
  console.log(`\n${label}`);
  console.log("  step            workspace  warehouse  statements  failed   wall ms");
  const total = { workspace: 0, warehouse: 0, statements: 0, failed: 0 };
  for (const phase of record.phases) {
    total.workspace += phase.workspaceRequests;
    total.warehouse += phase.warehouseRequests;
    total.statements += phase.statements;
    total.failed += phase.failures.length;
    console.log(
      `  ${phase.name.padEnd(14)} ${String(phase.workspaceRequests).padStart(10)} ${String(phase.warehouseRequests).padStart(10)} ${String(phase.statements).padStart(11)} ${String(phase.failures.length).padStart(7)} ${String(phase.ms).padStart(9)}`,
    );
  }
  console.log(
    `  ${"total".padEnd(14)} ${String(total.workspace).padStart(10)} ${String(total.warehouse).padStart(10)} ${String(total.statements).padStart(11)} ${String(total.failed).padStart(7)}`,
  );
  const fired = record.faultsFired;
  if (Object.keys(fired.workspace).length + Object.keys(fired.warehouse).length > 0) {
    console.log(`  faults on the workspace: ${JSON.stringify(fired.workspace)}`);
    console.log(`  faults on the warehouse: ${JSON.stringify(fired.warehouse)}`);
  }
  const wait = record.deadlineWait;
  if (wait !== undefined) {
    console.log(
      `  a wait with a ${wait.timeoutSeconds} s timeout ended after ${wait.ms} ms (overrun ${wait.ms - wait.timeoutSeconds * 1000} ms)`,
    );
  }
  for (const failure of record.phases.flatMap((p) => p.failures))
    console.log(`  FAILED ${failure}`);
}

async function main(): Promise<void> {
  console.log(
    `${MODELS.length} models, ${MODELS.length * 3} dynamic resources, one provider host process per run`,
  );
  print("without faults", await once(undefined));
  for (const seed of SEEDS) {
    print(
      `with faults: seed ${seed}, ${RATE * 100}% of requests, late answers ${DELAY_MS} ms`,
      await once(seed),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
