import { ENVIRONMENTS } from "../../core/enums";
import { environmentOfStackName } from "../../config/stack-environment";
import type { StackClaim } from "../../policies/one-stack-per-model";
import { loadStack } from "./load-stack";
import { listStacks, readStackConfig } from "./stack-file";

/**
 * The stacks of a project and the environment each speaks for, as the program decides it: the
 * file's model-monitoring:environment, else the one the stack's name claims (prod-eu is prod),
 * else the name itself. `plan --environment`, `stacks` and the one-stack-per-model check use
 * this one reading.
 */

export interface StackEntry {
  stack: string;
  environment: string;
}

/** The environment a stack speaks for. */
export function environmentOf(root: string, stack: string): string {
  return (
    readStackConfig(root, stack).config["model-monitoring:environment"] ??
    environmentOfStackName(stack) ??
    stack
  );
}

/** Deploys go dev, then acc, then prod; any other environment after them, by name. */
function rank(environment: string): number {
  const index = (ENVIRONMENTS as readonly string[]).indexOf(environment);
  return index < 0 ? ENVIRONMENTS.length : index;
}

/** Every stack file's stack with its environment, in deploy order (each file read once). */
export function stackEntries(root: string, environment?: string): StackEntry[] {
  return listStacks(root)
    .map((stack) => ({ stack, environment: environmentOf(root, stack) }))
    .filter((entry) => environment === undefined || entry.environment === environment)
    .sort(
      (a, b) =>
        rank(a.environment) - rank(b.environment) ||
        a.environment.localeCompare(b.environment) ||
        a.stack.localeCompare(b.stack),
    );
}

/**
 * The models each of these stack files holds. A stack whose configuration has problems claims nothing
 * here: its own plan lists the problems.
 */
export function stackClaims(root: string, entries: readonly StackEntry[]): StackClaim[] {
  return entries.flatMap(({ stack, environment }) => {
    const { models } = loadStack(root, stack);
    return models === undefined ? [] : [{ stack, environment, models: models.map((m) => m.name) }];
  });
}
