import { stackEntries } from "../plan/stack-claims";

/**
 * The stacks CI previews and deploys, from the stack files: a new shard (Pulumi.prod-b.yaml)
 * is picked up without editing a workflow. The environment is the one `plan --environment`
 * uses (cli/plan/stack-claims.ts).
 */

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
