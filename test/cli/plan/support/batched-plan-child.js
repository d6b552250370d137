/* global require, process, __dirname */
/**
 * Run by test/cli/plan/batched-plan.test.ts in a process of its own (the plans of 30 models held
 * about 1 GB of the test process): the built plan, declared in batches, and the built program,
 * every model at once, over the project at argv[2]. Prints what the test compares, as JSON.
 */
const path = require("node:path");
const dist = path.resolve(__dirname, "..", "..", "..", "..", "dist");
const { planStack } = require(path.join(dist, "cli", "plan", "plan-stack.js"));
const { evaluateInMockRuntime } = require(path.join(dist, "cli", "plan", "mock-runtime.js"));
const { readStackConfig } = require(path.join(dist, "cli", "plan", "stack-file.js"));
const { defineStack } = require(path.join(dist, "program.js"));

const byUrn = (list) => [...list].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));

(async () => {
  const root = process.argv[2];
  const plan = await planStack(root, "dev");
  const { config, secretKeys } = readStackConfig(root, "dev");
  const whole = await evaluateInMockRuntime(
    { project: "model-monitoring", stack: "dev", config, secretKeys },
    () => defineStack(root),
  );
  const planned = byUrn(plan.resources);
  const declared = byUrn(whole.resources);
  const firstDifference = planned.findIndex(
    (r, i) => JSON.stringify(r) !== JSON.stringify(declared[i]),
  );
  process.stdout.write(
    JSON.stringify({
      ok: plan.ok,
      planned: planned.length,
      declared: declared.length,
      firstDifference:
        firstDifference < 0
          ? null
          : { plan: planned[firstDifference], program: declared[firstDifference] },
      withLineage: plan.models.filter((m) => m.lineage !== undefined).length,
    }),
  );
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
