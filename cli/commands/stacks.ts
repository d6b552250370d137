import { environmentOf } from "../plan/stack-claims";
import { listStacks } from "../plan/stack-file";

/**
 * The stacks CI previews and deploys, from the stack files: a new shard (Pulumi.prod-b.yaml)
 * is picked up without editing a workflow. The environment is the one `plan --environment`
 * uses: the file's model-monitoring:environment, else the stack's name.
 */

/** Deploys go dev, then acc, then prod; any other environment after them, by name. */
export const DEPLOY_ORDER = ["dev", "acc", "prod"];

export interface StackEntry {
  stack: string;
  environment: string;
}

function rank(environment: string): number {
  const index = DEPLOY_ORDER.indexOf(environment);
  return index < 0 ? DEPLOY_ORDER.length : index;
}

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

export function runStacks(options: { root: string; environment?: string; json?: boolean }): {
  exitCode: number;
  output: string;
} {
  const entries = stackEntries(options.root, options.environment);
  // An empty list would make an empty CI matrix (an error there): say why instead.
  if (entries.length === 0)
    return {
      exitCode: 1,
      output:
        options.environment === undefined
          ? `no stack files (Pulumi.<stack>.yaml) in ${options.root}`
          : `no stack file states environment ${options.environment}`,
    };
  if (options.json) return { exitCode: 0, output: JSON.stringify(entries) };
  // Text: one stack per line (a shell loop reads the first word), its environment beside it.
  return {
    exitCode: 0,
    output: entries.map((e) => `${e.stack} ${e.environment}`).join("\n"),
  };
}
