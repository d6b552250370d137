import * as fs from "node:fs";
import { evaluateInMockRuntime } from "../cli/plan/mock-runtime";
import { readStackConfig } from "../cli/plan/stack-file";
import { defineStack } from "../program";
import { fail, runMeasured, startTimer } from "./plan-child";
import { runChild } from "./plan-spawn";
import { syntheticProject } from "./synthetic-project";

/**
 * Memory of the real program (index.ts: every model declared at once, as `pulumi up` and
 * `preview` run it) in Pulumi's mock runtime, in update mode (ids and outputs resolve), for N
 * synthetic models of the dev stack, one fresh process per size. Printed: peak RSS, the heap
 * after a forced GC holding the stack outputs, and per model the growth between sizes.
 * Under the engine every registration stays pending while its resource is created, so the
 * peak, not the heap after GC, is what a runner must hold: the ceiling below comes from it.
 * Run: npm run bench:program-memory. BENCH_MODELS=50,200 (sizes), BENCH_HEAP_MB=1792.
 */

const COUNTS = (process.env.BENCH_MODELS ?? "50,200").split(",").map(Number);
const HEAP_MB = Number(process.env.BENCH_HEAP_MB ?? 1792);

async function child(count: number) {
  const root = syntheticProject(count);
  try {
    const { config, secretKeys } = readStackConfig(root, "dev");
    const elapsed = startTimer();
    const evaluation = await evaluateInMockRuntime(
      { project: "model-monitoring", stack: "dev", config, secretKeys, preview: false },
      () => defineStack(root),
    );
    return { ms: elapsed(), resources: evaluation.resources.length, keep: evaluation.outputs };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main() {
  const [mode, count] = process.argv.slice(2);
  if (mode === "child" && count) return runMeasured(() => child(Number(count)));
  const rows: { count: number; rss: number; heap: number; resources: number }[] = [];
  for (const n of COUNTS) {
    const outcome = await runChild(__filename, ["child", String(n)], ["--expose-gc"], 900);
    if (!outcome.ok) throw new Error(`${n} models: ${outcome.reason}\n${outcome.detail}`);
    rows.push({
      count: n,
      rss: outcome.maxRssMb,
      heap: outcome.heapAfterGcMb ?? NaN,
      resources: outcome.resources,
    });
  }
  console.log(`the program (index.ts) in the mock runtime, update mode; node ${process.version}`);
  console.log("models  resources  peak RSS MiB  heap after GC MiB");
  for (const r of rows)
    console.log(
      `${String(r.count).padStart(6)} ${String(r.resources).padStart(10)} ${r.rss.toFixed(0).padStart(13)} ${r.heap.toFixed(0).padStart(18)}`,
    );
  const [first, last] = [rows[0], rows[rows.length - 1]];
  if (first && last && last.count > first.count) {
    const perModelRss = (last.rss - first.rss) / (last.count - first.count);
    const perModelHeap = (last.heap - first.heap) / (last.count - first.count);
    console.log(
      `per model: ${(perModelRss * 1024).toFixed(0)} KiB peak RSS, ${(perModelHeap * 1024).toFixed(0)} KiB heap after GC; ` +
        `ceiling at a ${HEAP_MB} MiB heap: about ${Math.floor((HEAP_MB - first.rss + first.count * perModelRss) / perModelRss)} models per stack (peak RSS)`,
    );
  }
}

main().catch(fail);
