import type { Command } from "commander";
import { projectRoot } from "../../config/project-root";

/** `stacks` on the command line; the implementation (`./stacks`) loads on use. */
export function registerStacks(
  program: Command,
  write: (text: string) => void,
  setExitCode: (code: number) => void,
): void {
  program
    .command("stacks")
    .description(
      "List the stacks (Pulumi.*.yaml) with their environment, dev, acc, prod first: what CI previews and deploys",
    )
    .option("-e, --environment <name>", "only the stacks whose file states this environment")
    .option("--json", 'print JSON: [{"stack": ..., "environment": ...}] (a CI matrix)')
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .action((options: { environment?: string; json?: boolean; root?: string }) => {
      const { runStacks } = require("./stacks") as typeof import("./stacks");
      const result = runStacks({ ...options, root: options.root ?? projectRoot() });
      write(`${result.output}\n`);
      setExitCode(result.exitCode);
    });
}
