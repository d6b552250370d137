import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan } from "../../../cli/plan/command";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { REPO_ROOT } from "../../helpers/fixture-project";

/**
 * The shipped sharding example (examples/sharding): the prod environment split into two
 * stacks, prod-a and prod-b, planned one by one and together (--environment prod).
 */

function projectWithShards(extraSelect?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "mm-shards-"));
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
  for (const dir of ["models", path.join("config", "templates")])
    fs.cpSync(path.join(REPO_ROOT, dir), path.join(root, dir), { recursive: true });
  for (const shard of ["prod-a", "prod-b"]) {
    const file = `Pulumi.${shard}.yaml`;
    let text = fs.readFileSync(path.join(REPO_ROOT, "examples", "sharding", file), "utf8");
    if (shard === "prod-b" && extraSelect) text = text.replace("[demand-*, house-*]", extraSelect);
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const modelsOf = (plan: StackPlan) => plan.models.map((m) => m.name).sort();
const claimViolations = (plan: StackPlan) =>
  (plan.policies?.violations ?? []).filter((v) => v.rule === "one-stack-per-model");

describe("shards of one environment", () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it("plans each shard with its own models, and all shards of the environment together", async () => {
    const root = projectWithShards();
    roots.push(root);
    const a = await runPlan({ root, stack: "prod-a", json: true, sql: false });
    const b = await runPlan({ root, stack: "prod-b", json: true, sql: false });
    const both = await runPlan({ root, environment: "prod", json: true, sql: false });
    expect([a.exitCode, b.exitCode, both.exitCode]).toEqual([0, 0, 0]);
    expect(modelsOf(JSON.parse(a.output) as StackPlan)).toEqual(["churn-classifier"]);
    expect(modelsOf(JSON.parse(b.output) as StackPlan)).toEqual([
      "demand-forecaster",
      "house-price-regressor",
    ]);
    const plans = JSON.parse(both.output) as StackPlan[];
    expect(plans.map((p) => p.stack)).toEqual(["prod-a", "prod-b"]);
    expect(plans.map(modelsOf)).toEqual([
      ["churn-classifier"],
      ["demand-forecaster", "house-price-regressor"],
    ]);
  });

  it("refuses a model two shards of one environment select, also when one shard is planned", async () => {
    const root = projectWithShards("[churn-*, demand-*, house-*]");
    roots.push(root);
    const a = await runPlan({ root, stack: "prod-a", json: true, sql: false });
    expect(a.exitCode).toBe(1);
    expect(claimViolations(JSON.parse(a.output) as StackPlan)).toEqual([
      expect.objectContaining({
        enforcement: "mandatory",
        resource: "churn-classifier",
        message: expect.stringContaining("also selected by stack(s) prod-b of environment prod"),
      }),
    ]);
    const both = JSON.parse(
      (await runPlan({ root, environment: "prod", json: true, sql: false })).output,
    ) as StackPlan[];
    expect(both.map((p) => claimViolations(p).map((v) => v.resource))).toEqual([
      ["churn-classifier"],
      ["churn-classifier"],
    ]);
  });

  it("says so when no stack file states the environment", async () => {
    const root = projectWithShards();
    roots.push(root);
    const result = await runPlan({ root, environment: "acc", json: true, sql: false });
    expect(result).toEqual({ exitCode: 1, output: "no stack file states environment acc" });
  });
});
