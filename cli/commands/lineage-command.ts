import type { Command } from "commander";
import { modelOption, stackName } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import type { LineageOptions } from "./lineage";

/** `lineage` on the command line; the implementation (`./lineage`) loads on use. */
export function registerLineage(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("lineage")
    .description(
      "Print each model's lineage (stack output models): from `pulumi stack output models --json`, or planned offline",
    )
    .requiredOption("-s, --stack <name>", "stack (Pulumi.<name>.yaml)", stackName)
    .addOption(modelOption())
    .option("--json", "print JSON")
    .option(
      "--stack-output <file>",
      "JSON written by `pulumi stack output models --json --stack <name>`: the deployed values",
    )
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .action(async (options: LineageOptions) => {
      const { runLineage } = require("./lineage") as typeof import("./lineage");
      setExitCode(await runLineage(options, io));
    });
}
