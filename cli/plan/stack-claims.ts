import { loadProject } from "../../config/load-project";
import { ConfigError } from "../../config/problems";
import { projectConfigFrom } from "../../config/pulumi-config";
import type { StackClaim } from "../../policies/one-stack-per-model";
import { listStacks, readStackConfig } from "./stack-file";

/** The environment a stack file states (model-monitoring:environment), else its name. */
export function environmentOf(root: string, stack: string): string {
  return readStackConfig(root, stack).config["model-monitoring:environment"] ?? stack;
}

/** The stacks of one environment, from the stack files (the shards of a split environment). */
export function stacksOf(root: string, environment: string): string[] {
  return listStacks(root).filter((stack) => environmentOf(root, stack) === environment);
}

/**
 * The models each of these stack files holds. A stack whose configuration has problems claims nothing
 * here: its own plan lists the problems.
 */
export function stackClaims(root: string, stacks: readonly string[]): StackClaim[] {
  const claims: StackClaim[] = [];
  for (const stack of stacks) {
    const { config, problems } = readStackConfig(root, stack);
    if (problems.length > 0) continue;
    try {
      const project = loadProject({ root, stack, stackConfig: projectConfigFrom(config) });
      claims.push({
        stack,
        environment: project.settings.environment,
        models: project.models.map((m) => m.name),
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  }
  return claims;
}
