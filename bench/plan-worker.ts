import * as fs from "node:fs";
import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { evaluateInMockRuntime } from "../cli/plan/mock-runtime";
import type { PlannedResource } from "../cli/plan/planned-resource";
import { planStack } from "../cli/plan/plan-stack";
import { readStackConfig } from "../cli/plan/stack-file";

/**
 * One measurement in a fresh process (so peak RSS belongs to it alone):
 *   plan  <root> <resources.json>  the offline plan of the dev stack; saves what it declared
 *   floor <root> <resources.json>  the same custom resources registered directly with
 *                                  @pulumi/databricks in the mock runtime: the least any
 *                                  program declaring them could cost
 * Prints one JSON line: { ms, maxRssMb, resources }.
 */

type Constructor = new (
  name: string,
  args: never,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource;

/** The @pulumi/databricks class for a type token; other types register as plain custom resources. */
function classFor(type: string): Constructor {
  const match = /^databricks:index\/\w+:(\w+)$/.exec(type);
  const generated = match?.[1]
    ? (databricks as unknown as Record<string, Constructor>)[match[1]]
    : undefined;
  if (generated) return generated;
  return class extends pulumi.CustomResource {
    constructor(name: string, args: never) {
      super(type, name, args);
    }
  } as unknown as Constructor;
}

async function plan(root: string, out: string) {
  const started = performance.now();
  const result = await planStack(root, "dev");
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  fs.writeFileSync(out, JSON.stringify(result.resources));
  return { ms, resources: result.resources.length };
}

async function floor(root: string, input: string) {
  const planned = (JSON.parse(fs.readFileSync(input, "utf8")) as PlannedResource[]).filter(
    (r) => r.custom,
  );
  const { config, secretKeys } = readStackConfig(root, "dev");
  const started = performance.now();
  await evaluateInMockRuntime(
    { project: "model-monitoring", stack: "dev", config, secretKeys },
    () => {
      for (const r of planned) {
        const Resource = classFor(r.type);
        new Resource(r.name, r.inputs as never);
      }
    },
  );
  return { ms: performance.now() - started, resources: planned.length };
}

async function main() {
  const [mode, root, file] = process.argv.slice(2);
  if (!root || !file || (mode !== "plan" && mode !== "floor"))
    throw new Error("usage: plan-worker plan|floor <root> <file>");
  const result = mode === "plan" ? await plan(root, file) : await floor(root, file);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
