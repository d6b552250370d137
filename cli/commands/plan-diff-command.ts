import type { Command } from "commander";
import { positiveNumber } from "../day2/command-options";
import type { Day2Io } from "../day2/io";

/** `plan-diff` on the command line; the implementation (`./plan-diff`) loads on use. */
export function registerPlanDiff(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("plan-diff")
    .description(
      "Compare two `plan --all --json --no-sql` outputs and print the changes per stack and model as Markdown (a PR comment)",
    )
    .requiredOption("--base <file>", "plan JSON of the base branch")
    .requiredOption("--head <file>", "plan JSON of the pull request")
    .option(
      "--max-chars <n>",
      "drop detail (never a change line) until the comment fits (default 65,000: GitHub holds 65,536)",
      (value) => Math.floor(positiveNumber("--max-chars")(value)),
    )
    .action((options: { base: string; head: string; maxChars?: number }) => {
      const { runPlanDiff } = require("./plan-diff") as typeof import("./plan-diff");
      setExitCode(runPlanDiff(options, io));
    });
}
