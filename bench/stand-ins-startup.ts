import { existsSync } from "node:fs";
import { request } from "node:https";
import * as path from "node:path";
import { startLocalWarehouse } from "../test/support/warehouse";
import { openDriverSession } from "../test/support/warehouse/driver-session";

/**
 * Start-up and first-request latency of the local stand-ins, over several runs in one process
 * (run 1 pays for loading DuckDB, the driver and the test certificate). No assertions.
 *
 * Run: npm run bench:stand-ins (builds dist/, then runs the JS). BENCH_RUNS=5 by default.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUERIES_PER_RUN = 10;

interface FakeWorkspaceModule {
  startFakeWorkspace(
    options?: object,
  ): Promise<{ url: string; caCert: string; token: string; close(): Promise<void> }>;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function warehouseRun(): Promise<Record<string, number>> {
  const [warehouse, startMs] = await timed(() => startLocalWarehouse());
  const [driver, firstQueryMs] = await timed(async () => {
    const session = await openDriverSession(warehouse);
    await session.run("SELECT 1");
    return session;
  });
  const queryTimes: number[] = [];
  for (let i = 0; i < QUERIES_PER_RUN; i++)
    queryTimes.push((await timed(() => driver.run("SELECT 1")))[1]);
  await driver.close();
  await warehouse.close();
  return {
    "warehouse: start": startMs,
    "warehouse: connect + open session + first SELECT 1": firstQueryMs,
    [`warehouse: SELECT 1 on an open session (median of ${QUERIES_PER_RUN})`]: median(queryTimes),
  };
}

function authenticatedGet(url: string, token: string, ca: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/2.0/serving-endpoints`,
      { headers: { Authorization: `Bearer ${token}` }, ca, agent: false },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function fakeWorkspaceRun(module: FakeWorkspaceModule): Promise<Record<string, number>> {
  const [fake, startMs] = await timed(() => module.startFakeWorkspace());
  const [status, getMs] = await timed(() => authenticatedGet(fake.url, fake.token, fake.caCert));
  await fake.close();
  if (status !== 200) throw new Error(`fake workspace answered ${status}`);
  return { "fake workspace: start": startMs, "fake workspace: first authenticated GET": getMs };
}

function loadFakeWorkspace(): FakeWorkspaceModule | undefined {
  const modulePath = path.join(__dirname, "..", "test", "support", "fake-workspace", "index");
  if (!existsSync(`${modulePath}.js`) && !existsSync(`${modulePath}.ts`)) return undefined;
  return require(modulePath) as FakeWorkspaceModule;
}

function printTable(runs: Array<Record<string, number>>): void {
  const metrics = Object.keys(runs[0] ?? {});
  const width = Math.max(...metrics.map((metric) => metric.length));
  const header = ["run 1", ...runs.slice(1).map((_, index) => `run ${index + 2}`), "median 2..n"];
  console.log(`${"ms".padEnd(width)}  ${header.map((cell) => cell.padStart(13)).join("")}`);
  for (const metric of metrics) {
    const values = runs.map((run) => run[metric] ?? NaN);
    const cells = [...values, median(values.slice(1))].map((value) =>
      value.toFixed(1).padStart(13),
    );
    console.log(`${metric.padEnd(width)}  ${cells.join("")}`);
  }
}

async function main(): Promise<void> {
  const fakeWorkspace = loadFakeWorkspace();
  console.log(`stand-ins start-up, ${RUNS} runs in one process (node ${process.version})`);
  if (!fakeWorkspace) console.log("(test/support/fake-workspace not found: warehouse only)");
  const runs: Array<Record<string, number>> = [];
  for (let run = 0; run < RUNS; run++) {
    runs.push({
      ...(await warehouseRun()),
      ...(fakeWorkspace ? await fakeWorkspaceRun(fakeWorkspace) : {}),
    });
  }
  printTable(runs);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
