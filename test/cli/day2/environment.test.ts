import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { CheckOutput } from "../../../cli/day2/json-output";
import { startDay2Harness, type Day2Harness } from "./support/harness";
import { DRIFTING, fraudModel, seedModel } from "./support/scenarios";

/**
 * A day-2 command over an environment's shards (`--environment dev`): two stack files of the
 * dev environment, dev (alpha) and dev-b (beta), run one after the other as `--stack` would
 * run each; worst exit code; JSON as an array of the per-stack documents.
 */

let h: Day2Harness;
beforeAll(async () => {
  h = await startDay2Harness({ alpha: fraudModel(), beta: fraudModel() });
  await seedModel(h, "alpha", { metrics: DRIFTING });
  await seedModel(h, "beta", { metrics: "stable" });
  // Split the stack in two shards of one environment, as docs/operating.md describes.
  const file = path.join(h.root, "Pulumi.dev.yaml");
  const { config } = yaml.load(fs.readFileSync(file, "utf8")) as {
    config: Record<string, unknown>;
  };
  const shard = (models: string[]) =>
    yaml.dump({
      config: {
        ...config,
        "model-monitoring:environment": "dev",
        "model-monitoring:select": { models },
      },
    });
  fs.writeFileSync(file, shard(["alpha"]));
  fs.writeFileSync(path.join(h.root, "Pulumi.dev-b.yaml"), shard(["beta"]));
});
afterAll(() => h.close());

const modelsOf = (output: CheckOutput) => [...new Set(output.checks.map((c) => c.model))];

describe("day-2 commands with --environment", () => {
  it("run every shard of the environment, with the worst exit code and one JSON document per stack", async () => {
    const run = await h.run(["check-thresholds", "--environment", "dev", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(1);
    const documents = run.json<CheckOutput[]>();
    expect(documents.map((d) => [d.stack, modelsOf(d), d.exitCode])).toEqual([
      ["dev", ["alpha"], 1],
      ["dev-b", ["beta"], 0],
    ]);
  });

  it("head each stack's text report with the stack", async () => {
    const run = await h.run(["check-thresholds", "--environment", "dev"]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^== stack dev \(environment dev\)\n[\s\S]*alpha[\s\S]*\n== stack dev-b \(environment dev\)\n[\s\S]*beta/,
    );
  });

  it("run only the shards that hold the models named with -m", async () => {
    const run = await h.run(["check-thresholds", "--environment", "dev", "-m", "beta", "--json"]);
    expect(run.exitCode).toBe(0);
    expect(run.json<CheckOutput[]>().map((d) => [d.stack, modelsOf(d)])).toEqual([
      ["dev-b", ["beta"]],
    ]);
  });

  it("refuse, before anything runs, a model no shard holds and an environment no stack states", async () => {
    h.warehouse.counters.reset();
    const unknown = await h.run(["check-thresholds", "--environment", "dev", "-m", "gamma"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain(
      "Unknown model(s) gamma in environment dev; its stacks: dev, dev-b",
    );
    const none = await h.run(["check-thresholds", "--environment", "prod", "--json"]);
    expect(none.exitCode).toBe(2);
    expect(none.json<{ error: { message: string } }>().error.message).toBe(
      "No stack file states environment prod",
    );
    expect(h.warehouse.counters.statementsExecuted).toBe(0);
  });

  it("take --stack or --environment, not both and not neither", async () => {
    const neither = await h.run(["check-thresholds"]);
    expect(neither.exitCode).toBe(2);
    expect(neither.stderr).toMatch(/Name the stack: --stack <name>, or --environment <name>/);
    const both = await h.run(["check-thresholds", "--stack", "dev", "--environment", "dev"]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/cannot be used with option '-e, --environment <name>'/);
    const state = await h.run(["preflight", "--environment", "dev", "--state", "s.json"]);
    expect(state.exitCode).toBe(2);
    expect(state.stderr).toMatch(/--state <file>' cannot be used with option '-e, --environment/);
  });
});
