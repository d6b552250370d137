import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ChildOutcome, runChild } from "./plan-spawn";
import { syntheticProject } from "./synthetic-project";

/**
 * Offline plan against a like-for-like floor, for N synthetic models (the dev stack).
 * Per size: one untimed run records what the plan registers, one replay of it is checked to
 * reach the engine identically (plan-floor-worker.ts, "check"), then BENCH_RUNS pairs of
 * (plan, floor) run interleaved, the order alternating, each in a fresh process, under each
 * heap setting. Printed: medians of time, of the per-pair ratios, of peak RSS and of the heap
 * after a forced GC at the end; and how many runs of each side finished.
 * Run: npm run bench:plan. BENCH_MODELS=100,500,1000, BENCH_RUNS=3 (pairs),
 * BENCH_HEAP=default,1792 (MiB for --max-old-space-size; 1792 is about what Node takes on a
 * 7 GB CI runner), BENCH_TIMEOUT=900 (seconds per run) by default.
 */

const COUNTS = (process.env.BENCH_MODELS ?? "100,500,1000").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HEAPS = (process.env.BENCH_HEAP ?? "default,1792").split(",").map((h) => h.trim());
const TIMEOUT = Number(process.env.BENCH_TIMEOUT ?? 900);
/** The untimed recording and check keep more in memory than the plan: room for them. */
const SETUP_FLAGS = ["--expose-gc", "--max-old-space-size=6144"];

const planWorker = path.join(__dirname, "plan-worker.js");
const floorWorker = path.join(__dirname, "plan-floor-worker.js");

type Finished = Extract<ChildOutcome, { ok: true }>;
type Failed = Extract<ChildOutcome, { ok: false }>;

function flagsFor(heap: string): string[] {
  return heap === "default" ? ["--expose-gc"] : ["--expose-gc", `--max-old-space-size=${heap}`];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const num = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : "-";

interface Side {
  runs: ChildOutcome[];
}

function finished(side: Side): Finished[] {
  return side.runs.filter((r): r is Finished => r.ok);
}

/** "3/3", or "0/1 did not finish (OOM) at 1,850 MiB" with the first failure's reason. */
function finishedCell(side: Side): string {
  const done = finished(side).length;
  const failure = side.runs.find((r): r is Failed => !r.ok);
  if (!failure) return `${done}/${side.runs.length}`;
  const at = failure.maxRssMb === null ? "" : ` at ${num(failure.maxRssMb)} MiB RSS`;
  return `${done}/${side.runs.length}, ${failure.reason}${at}`;
}

async function measurePairs(root: string, dir: string, heap: string) {
  const plan: Side = { runs: [] };
  const floor: Side = { runs: [] };
  const ratios: number[] = [];
  const flags = flagsFor(heap);
  for (let pair = 0; pair < RUNS; pair++) {
    const runPlan = async () =>
      plan.runs.push(await runChild(planWorker, ["plan", root], flags, TIMEOUT));
    const runFloor = async () =>
      floor.runs.push(await runChild(floorWorker, ["floor", root, dir], flags, TIMEOUT));
    if (pair % 2 === 0) {
      await runPlan();
      await runFloor();
    } else {
      await runFloor();
      await runPlan();
    }
    const p = plan.runs[pair];
    const f = floor.runs[pair];
    if (p?.ok && f?.ok) ratios.push(p.ms / f.ms);
    // A size that runs out of memory on both sides does so every time: spare the other pairs.
    if (p && f && !p.ok && !f.ok) break;
  }
  return { plan, floor, ratios };
}

const HEADER =
  "models  resources  plan s  floor s  ratio (range)      peak RSS MiB plan / floor  heap after GC MiB p / f  finished";

function row(count: number, resources: number, m: Measured) {
  const p = finished(m.plan);
  const f = finished(m.floor);
  const ms = (runs: Finished[]) => median(runs.map((r) => r.ms)) / 1000;
  const rss = (runs: Finished[]) => median(runs.map((r) => r.maxRssMb));
  const heapAfter = (runs: Finished[]) => median(runs.map((r) => r.heapAfterGcMb ?? NaN));
  const range =
    m.ratios.length > 1
      ? ` (${num(Math.min(...m.ratios), 2)}-${num(Math.max(...m.ratios), 2)})`
      : "";
  return [
    String(count).padStart(6),
    num(resources).padStart(9),
    num(ms(p), 1).padStart(7),
    num(ms(f), 1).padStart(8),
    `${num(median(m.ratios), 2)}${range}`.padStart(17),
    `${num(rss(p))} / ${num(rss(f))}`.padStart(21),
    `${num(heapAfter(p))} / ${num(heapAfter(f))}`.padStart(23),
    `  plan ${finishedCell(m.plan)}; floor ${finishedCell(m.floor)}`,
  ].join(" ");
}

async function setUp(count: number): Promise<{ root: string; dir: string; resources: number }> {
  const root = syntheticProject(count);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mm-bench-recording-${count}-`));
  const recorded = await runChild(planWorker, ["record", root, dir], SETUP_FLAGS, TIMEOUT);
  if (!recorded.ok)
    throw new Error(`recording ${count} models: ${recorded.reason}\n${recorded.detail}`);
  const checked = await runChild(floorWorker, ["check", root, dir], SETUP_FLAGS, TIMEOUT);
  if (!checked.ok)
    throw new Error(`the floor is not like-for-like at ${count} models:\n${checked.detail}`);
  return { root, dir, resources: recorded.resources };
}

function heapTitle(heap: string, results: Measured[]): string {
  const limit = results.flatMap((m) => [...finished(m.plan), ...finished(m.floor)])[0]?.heapLimitMb;
  const setting = heap === "default" ? "Node's default heap" : `--max-old-space-size=${heap}`;
  return `heap: ${setting}${limit === undefined ? "" : ` (V8 heap limit ${num(limit)} MiB)`}`;
}

type Measured = Awaited<ReturnType<typeof measurePairs>>;

async function main() {
  const cpus = os.cpus().length;
  const load = os.loadavg()[0]?.toFixed(1);
  const results = new Map<string, { count: number; resources: number; measured: Measured }[]>();
  for (const count of COUNTS) {
    const { root, dir, resources } = await setUp(count);
    console.error(
      `${count} models: recorded ${resources} resources; the floor replays them identically`,
    );
    for (const heap of HEAPS) {
      const measured = await measurePairs(root, dir, heap);
      results.set(heap, [...(results.get(heap) ?? []), { count, resources, measured }]);
      console.error(row(count, resources, measured));
    }
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `offline plan (dev stack, N synthetic models) vs. a like-for-like floor; node ${process.version}, ` +
      `${cpus} CPUs, load average ${load} at start, ${os.loadavg()[0]?.toFixed(1)} at the end`,
  );
  console.log(
    "floor: the plan's own registrations replayed with new CustomResource / ComponentResource in the\n" +
      "same mock runtime and settings: same resources, component tree, inputs (Outputs where the program\n" +
      "passes Outputs), dependsOn, options, hooks and component outputs, checked identical per size.\n" +
      `${RUNS} pairs per size and heap setting, plan and floor interleaved (order alternating), one fresh\n` +
      "process each. Times: the work in the process (module loading excluded), medians; ratio: median\n" +
      "of the per-pair plan/floor (range); RSS: peak of the process; heap after GC: after a forced GC\n" +
      "at the end, holding the result.",
  );
  for (const heap of HEAPS) {
    const rows = results.get(heap) ?? [];
    console.log(
      `\n${heapTitle(
        heap,
        rows.map((r) => r.measured),
      )}`,
    );
    console.log(HEADER);
    for (const r of rows) console.log(row(r.count, r.resources, r.measured));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
