import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateInMockRuntime } from "../cli/plan/mock-runtime";
import { readStackConfig } from "../cli/plan/stack-file";
import { defineStack } from "../program";
import { fail } from "./plan-child";
import { syntheticProject } from "./synthetic-project";

/**
 * Where a model's Pulumi Output objects come from, in the real program (index.ts, every model
 * at once) in the mock runtime, update mode: each Output is counted when it is constructed and
 * put down to the SDK's Resource constructor (one per property of each resource: the
 * resource's own) or, failing that, to this project's code (the components' `apply`, `all`,
 * `output`). Output objects and their promises are most of the program's memory per model
 * (bench:program-memory), so this shows how much of it a change to the components can cut.
 * Counting captures a stack per Output: slow, so it is its own benchmark, not part of the
 * memory one. Run: npm run bench:program-outputs. BENCH_MODELS=20.
 */

const MODELS = Number(process.env.BENCH_MODELS ?? 20);
const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

type Origin = "resource" | "components" | "sdk";

function countOutputs(): Map<Origin, number> {
  const counts = new Map<Origin, number>();
  const prototype = (require("@pulumi/pulumi/output") as { Output: { prototype: object } }).Output
    .prototype;
  // Every Output's constructor sets this field: a setter on the prototype sees each one.
  Object.defineProperty(prototype, "__pulumiOutput", {
    configurable: true,
    set(this: object, value: unknown) {
      Object.defineProperty(this, "__pulumiOutput", { value, writable: true, enumerable: true });
      // The mock runtime turns stack capture off for speed; this count needs it.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 100;
      const frames = String(new Error().stack).split("\n").slice(2);
      Error.stackTraceLimit = limit;
      const origin: Origin = frames.some((f) =>
        /@pulumi[\\/]pulumi[\\/](runtime[\\/])?resource\.js/.test(f),
      )
        ? "resource"
        : frames.some((f) => f.includes(PROJECT_ROOT) && !f.includes("node_modules"))
          ? "components"
          : "sdk";
      counts.set(origin, (counts.get(origin) ?? 0) + 1);
    },
  });
  return counts;
}

async function main() {
  const counts = countOutputs();
  const root = syntheticProject(MODELS);
  try {
    const { config, secretKeys } = readStackConfig(root, "dev");
    const evaluation = await evaluateInMockRuntime(
      { project: "model-monitoring", stack: "dev", config, secretKeys, preview: false },
      () => defineStack(root),
    );
    const per = (n: number) => (n / MODELS).toFixed(1);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `the program (index.ts) in the mock runtime, update mode, ${MODELS} models, ${evaluation.resources.length} resources; node ${process.version}`,
    );
    console.log(`Output objects per model: ${per(total)}`);
    for (const origin of ["resource", "components", "sdk"] as const)
      console.log(`  ${origin.padEnd(11)} ${per(counts.get(origin) ?? 0).padStart(7)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(fail);
