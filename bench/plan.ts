import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { syntheticProject } from "./synthetic-project";

/**
 * Offline plan against the floor, for N synthetic models. Each figure is the median of a
 * few runs, each run in its own process. Target (issue 2): plan / floor <= 1.15 at N = 500.
 * Run: npm run bench:plan. BENCH_MODELS=1,10,100,500 and BENCH_RUNS=3 by default.
 */

interface Measurement {
  ms: number;
  maxRssMb: number;
  resources: number;
}

const COUNTS = (process.env.BENCH_MODELS ?? "1,10,100,500").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function measure(
  mode: "plan" | "floor" | "tree" | "declared",
  root: string,
  file: string,
): Measurement {
  const worker = path.join(__dirname, "plan-worker.js");
  const out = execFileSync(process.execPath, [worker, mode, root, file], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function main() {
  console.log(
    `offline plan vs. floor (median of ${RUNS} runs, one process each; node ${process.version})`,
  );
  console.log(
    "floor: the same custom resources registered directly; tree: floor + empty components;\n" +
      "declared: tree + each resource's dependsOn and options (what the plan declares, without its logic)",
  );
  console.log(
    "models  resources  plan ms  floor ms  ratio  tree ms  plan/tree  declared ms  plan/declared  plan RSS MB  floor RSS MB",
  );
  for (const count of COUNTS) {
    const root = syntheticProject(count);
    const file = path.join(os.tmpdir(), `mm-bench-resources-${count}.json`);
    const plans: Measurement[] = [];
    const floors: Measurement[] = [];
    const trees: Measurement[] = [];
    const declared: Measurement[] = [];
    for (let run = 0; run < RUNS; run++) {
      plans.push(measure("plan", root, file));
      floors.push(measure("floor", root, file));
      trees.push(measure("tree", root, file));
      declared.push(measure("declared", root, file));
    }
    const treeMs = median(trees.map((m) => m.ms));
    const declaredMs = median(declared.map((m) => m.ms));
    const planMs = median(plans.map((m) => m.ms));
    const floorMs = median(floors.map((m) => m.ms));
    const row = [
      String(count).padStart(6),
      String(plans[0]?.resources ?? 0).padStart(9),
      planMs.toFixed(0).padStart(8),
      floorMs.toFixed(0).padStart(9),
      (planMs / floorMs).toFixed(2).padStart(6),
      treeMs.toFixed(0).padStart(8),
      (planMs / treeMs).toFixed(2).padStart(10),
      declaredMs.toFixed(0).padStart(12),
      (planMs / declaredMs).toFixed(2).padStart(14),
      median(plans.map((m) => m.maxRssMb))
        .toFixed(0)
        .padStart(11),
      median(floors.map((m) => m.maxRssMb))
        .toFixed(0)
        .padStart(13),
    ];
    console.log(row.join(" "));
  }
}

main();
