import * as pulumi from "@pulumi/pulumi";
import { MonitoredModel, type ModelLineage } from "./components/MonitoredModel";
import { Retention, retentionArgsOf } from "./components/Retention";
import { loadProject } from "./config/load-project";
import type { ModelSpec } from "./config/model-spec";
import { projectRoot } from "./config/project-root";
import { projectConfigFrom } from "./config/pulumi-config";

/**
 * The Pulumi program: load the stack's models, build one MonitoredModel per model, return
 * what the stack exports. Configuration errors throw before any resource is registered,
 * so nothing is half-applied.
 */
export function defineStack(root: string = projectRoot()): Record<string, ModelLineage> {
  const project = loadProject({
    root,
    stack: pulumi.getStack(),
    stackConfig: projectConfigFrom(pulumi.runtime.allConfig()),
  });
  return defineModels(project.models);
}

/** One retention job per stack, only when some model has a limit (components/Retention.ts). */
function defineRetention(specs: readonly ModelSpec[]): void {
  const retention = retentionArgsOf([...specs]);
  if (retention) new Retention("stack-retention", retention);
}

/** One MonitoredModel per (already loaded) model, and the stack's retention; the stack output `models`. */
function defineModels(specs: readonly ModelSpec[]): Record<string, ModelLineage> {
  const models = specs.map((spec) => MonitoredModel.fromSpec(spec));
  defineRetention(specs);
  return Object.fromEntries(models.map((model) => [model.lineage.model, model.lineage]));
}

/**
 * The same resources as defineModels, declared `batchSize` models at a time, waiting for each
 * batch's registrations before the next: what a batch left behind is garbage by then, so
 * memory holds one batch's promises, not the whole stack's. Offline only (the plan's mock
 * runtime answers at once): under `pulumi up` a registration completes when the resource is
 * created, so waiting would serialise the deployment.
 */
export async function defineModelsInBatches(
  specs: readonly ModelSpec[],
  batchSize: number,
  waitForRegistrations: () => Promise<void>,
): Promise<void> {
  for (let start = 0; start < specs.length; start += batchSize) {
    for (const spec of specs.slice(start, start + batchSize)) MonitoredModel.fromSpec(spec);
    await waitForRegistrations();
  }
  defineRetention(specs);
  await waitForRegistrations();
}
