import * as pulumi from "@pulumi/pulumi";
import { MonitoredModel, type ModelLineage } from "./components/MonitoredModel";
import { Retention, retentionArgsOf } from "./components/Retention";
import { loadProject } from "./config/load-project";
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
  const models = project.models.map((spec) => MonitoredModel.fromSpec(spec));
  // One retention job per stack, only when some model has a limit (components/Retention.ts).
  const retention = retentionArgsOf(project.models);
  if (retention) new Retention("stack-retention", retention);
  return Object.fromEntries(models.map((model) => [model.lineage.model, model.lineage]));
}
