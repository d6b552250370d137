import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { syntheticProject } from "../../../bench/synthetic-project";
import { evaluateInMockRuntime } from "../../../cli/plan/mock-runtime";
import { planStack } from "../../../cli/plan/plan-stack";
import { readStackConfig } from "../../../cli/plan/stack-file";
import { defineStack } from "../../../program";

/**
 * The plan declares models in batches (waiting for registrations between them) and skips
 * what the engine would not need offline; it must still register exactly what the program
 * registers in one go.
 */

const byUrn = <T extends { urn: string }>(list: T[]) =>
  [...list].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));

describe("the offline plan in batches", () => {
  // 30 models: a full batch (MODELS_PER_BATCH, 25) and a partial one.
  const root = syntheticProject(30);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("registers the same resources as the program declaring every model at once", async () => {
    const plan = await planStack(root, "dev");
    expect(plan.ok).toBe(true);
    const { config, secretKeys } = readStackConfig(root, "dev");
    const whole = await evaluateInMockRuntime(
      { project: "model-monitoring", stack: "dev", config, secretKeys },
      () => defineStack(root),
    );
    expect(plan.resources).toHaveLength(whole.resources.length);
    expect(byUrn(plan.resources)).toEqual(byUrn(whole.resources));
    // Every model's lineage still comes from its MonitoredModel's outputs.
    expect(plan.models.filter((m) => m.lineage !== undefined)).toHaveLength(30);
  });

  it("leaves the SDK's source positions and registerOutputs as they were", async () => {
    const prototype = pulumi.ComponentResource.prototype as unknown as Record<string, unknown>;
    const registerOutputs = prototype.registerOutputs;
    await planStack(root, "dev");
    expect(prototype.registerOutputs).toBe(registerOutputs);
    const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
    expect(resource.callsites().length).toBeGreaterThan(0);
  });
});
