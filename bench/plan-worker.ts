import * as fs from "node:fs";
import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { evaluateInMockRuntime } from "../cli/plan/mock-runtime";
import type { PlannedResource } from "../policies/planned-resource";
import { planStack } from "../cli/plan/plan-stack";
import { readStackConfig } from "../cli/plan/stack-file";

/**
 * One measurement in a fresh process (so peak RSS belongs to it alone):
 *   plan  <root> <resources.json>  the offline plan of the dev stack; saves what it declared
 *   floor <root> <resources.json>  the same custom resources registered directly with
 *                                  @pulumi/databricks in the mock runtime: the least any
 *                                  program declaring them could cost
 *   tree  <root> <resources.json>  the floor plus empty component resources in the same
 *                                  parent tree: what the components alone add
 *   declared <root> <resources.json>  the tree plus each resource's dependsOn and options
 *                                  (protect, timeouts, ...): every declaration the plan
 *                                  makes, without the program's own work
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

type FloorMode = "floor" | "tree" | "declared";

function optionsOf(r: PlannedResource, byUrn: Map<string, pulumi.Resource>) {
  const dependsOn = r.dependsOn
    .map((urn) => byUrn.get(urn))
    .filter((d): d is pulumi.Resource => d !== undefined);
  const { protect, retainOnDelete, deleteBeforeReplace, replaceOnChanges, ignoreChanges } =
    r.options;
  return {
    dependsOn,
    ...(protect === undefined ? {} : { protect }),
    ...(retainOnDelete === undefined ? {} : { retainOnDelete }),
    ...(deleteBeforeReplace === undefined ? {} : { deleteBeforeReplace }),
    ...(replaceOnChanges === undefined ? {} : { replaceOnChanges }),
    ...(ignoreChanges === undefined ? {} : { ignoreChanges }),
    ...(r.options.customTimeouts === undefined ? {} : { customTimeouts: r.options.customTimeouts }),
  };
}

async function floor(root: string, input: string, mode: FloorMode) {
  const all = JSON.parse(fs.readFileSync(input, "utf8")) as PlannedResource[];
  const planned = mode === "floor" ? all.filter((r) => r.custom) : all;
  const { config, secretKeys } = readStackConfig(root, "dev");
  const byUrn = new Map<string, pulumi.Resource>();
  const started = performance.now();
  await evaluateInMockRuntime(
    { project: "model-monitoring", stack: "dev", config, secretKeys },
    () => {
      for (const r of planned) {
        const parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
        const options = mode === "declared" ? { parent, ...optionsOf(r, byUrn) } : { parent };
        const resource = r.custom
          ? new (classFor(r.type))(r.name, r.inputs as never, options)
          : new pulumi.ComponentResource(r.type, r.name, {}, options);
        byUrn.set(r.urn, resource);
      }
    },
  );
  return { ms: performance.now() - started, resources: planned.length };
}

async function main() {
  const [mode, root, file] = process.argv.slice(2);
  if (!root || !file || !["plan", "floor", "tree", "declared"].includes(mode ?? "")) {
    throw new Error("usage: plan-worker plan|floor|tree|declared <root> <file>");
  }
  const result =
    mode === "plan" ? await plan(root, file) : await floor(root, file, mode as FloorMode);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
