import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { syntheticProject } from "../../../bench/synthetic-project";
import { planStack } from "../../../cli/plan/plan-stack";

/**
 * The plan declares models in batches (waiting for registrations between them) and skips
 * what the engine would not need offline; it must still register exactly what the program
 * registers in one go.
 */

describe("the offline plan in batches", () => {
  it("registers the same resources as the program declaring every model at once", () => {
    // 30 models: a full batch (MODELS_PER_BATCH, 25) and a partial one. The built plan and
    // program run in a process of their own (support/batched-plan-child.js), as the CLI does.
    const root = syntheticProject(30);
    try {
      const child = path.join(__dirname, "support", "batched-plan-child.js");
      const run = spawnSync(process.execPath, [child, root], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe("");
      const result = JSON.parse(run.stdout) as {
        ok: boolean;
        planned: number;
        declared: number;
        firstDifference: unknown;
        withLineage: number;
      };
      expect(result.ok).toBe(true);
      expect(result.planned).toBeGreaterThan(30 * 20);
      expect(result.planned).toBe(result.declared);
      expect(result.firstDifference).toBeNull();
      // Every model's lineage still comes from its MonitoredModel's outputs.
      expect(result.withLineage).toBe(30);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("leaves the SDK's source positions and registerOutputs as they were", async () => {
    const root = syntheticProject(2);
    try {
      const prototype = pulumi.ComponentResource.prototype as unknown as Record<string, unknown>;
      const registerOutputs = prototype.registerOutputs;
      await planStack(root, "dev");
      expect(prototype.registerOutputs).toBe(registerOutputs);
      const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
      expect(resource.callsites().length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
