import { Command, CommanderError } from "commander";
import { projectRoot } from "../config/project-root";
// Each command's definition only: its implementation loads when it runs (fast --help).
import { registerAnalyzeDrift } from "./commands/analyze-drift-command";
import { registerBacktest } from "./commands/backtest-command";
import { registerCheckThresholds } from "./commands/check-thresholds-command";
import { registerDemo } from "./commands/demo-command";
import { registerLineage } from "./commands/lineage-command";
import { registerNewModel } from "./commands/new-model-command";
import { registerPlanDiff } from "./commands/plan-diff-command";
import { registerPreflight } from "./commands/preflight-command";
import { registerRefreshMonitors } from "./commands/refresh-monitors-command";
import { registerStacks } from "./commands/stacks-command";
import { registerValidateInferenceTable } from "./commands/validate-inference-table-command";
import { boundedNumber, stackName } from "./day2/command-options";
import { processIo, type Day2Io } from "./day2/io";
import { usageProblem } from "./usage-problem";
import { packageVersion } from "./version";

/**
 * The command-line entry point: `model-monitoring <command>`. Exit codes: 0 all good,
 * 1 a check failed (configuration problems, breaches), 2 usage or connection errors.
 */
export function buildCli(
  write: (text: string) => void,
  setExitCode: (code: number) => void,
  io: Day2Io = { ...processIo(), stdout: write },
  writeUsageError: (text: string) => void = (text) => io.stderr.write(text),
): Command {
  const program = new Command("model-monitoring")
    .description("Model monitoring on Databricks: offline plan and day-2 commands")
    .version(packageVersion(), "-V, --version", "print the version")
    // Program options only before the command: `new-model --version 3` is the model's version.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: writeUsageError });

  program
    .command("plan")
    .description(
      "Evaluate the Pulumi program offline (mock runtime, preview) and print what it declares",
    )
    .option("-s, --stack <name>", "stack to plan", stackName, "dev")
    .option("--all", "plan every stack (Pulumi.*.yaml)")
    .option(
      "-e, --environment <name>",
      "plan every stack whose file states this environment (its shards)",
    )
    .option("--json", "print JSON")
    .option("--markdown", "print Markdown for a pull-request comment")
    .option(
      "--model <names>",
      "only these models (repeatable, or comma-separated)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--sql", "text: include the generated SQL (Markdown includes it unless --no-sql)")
    .option("--no-sql", "leave out the generated SQL")
    .option(
      "--max-chars <n>",
      "Markdown: if longer, list resources as counts per type (GitHub comments hold 65,536)",
      (value) => Math.floor(boundedNumber("--max-chars", 1_000, 10_000_000, "characters")(value)),
    )
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .action(
      async (options: {
        stack: string;
        all?: boolean;
        environment?: string;
        json?: boolean;
        markdown?: boolean;
        sql?: boolean;
        model?: string[];
        maxChars?: number;
        root?: string;
      }) => {
        // Loaded on use: it brings the Pulumi runtime (~0.5 s), which the day-2 commands never need.
        const { runPlan } = require("./plan/command") as typeof import("./plan/command");
        const result = await runPlan({ ...options, root: options.root ?? projectRoot() });
        write(`${result.output}\n`);
        setExitCode(result.exitCode);
      },
    );
  registerPlanDiff(program, io, setExitCode);
  registerStacks(program, write, setExitCode);

  // Day-2 commands: operate the deployed monitoring, from the same stack configuration.
  registerValidateInferenceTable(program, io, setExitCode);
  registerRefreshMonitors(program, io, setExitCode);
  registerAnalyzeDrift(program, io, setExitCode);
  registerCheckThresholds(program, io, setExitCode);
  registerBacktest(program, io, setExitCode);
  registerLineage(program, io, setExitCode);
  registerPreflight(program, io, setExitCode);
  registerDemo(program, io, setExitCode);
  registerNewModel(program, io, setExitCode);
  return program;
}

export async function main(argv: string[], io: Day2Io = processIo()): Promise<number> {
  let exitCode = 0;
  // Commander's complaint about the command line, held back until we know the output format.
  let usageText = "";
  const program = buildCli(
    io.stdout,
    (code) => (exitCode = code),
    io,
    (text) => (usageText += text),
  );
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      io.stderr.write(`error: ${(error as Error).message}\n`);
      return 2;
    }
    if (error.exitCode === 0) return 0; // --help, --version
    const usage = usageProblem(argv.slice(2), program, error);
    if (usage.json) {
      // Loaded on use: the JSON output schemas bring zod.
      const { errorJson } = require("./day2/output") as typeof import("./day2/output");
      io.stdout(`${errorJson(usage.command, usage.stack, usage.problem)}\n`);
    } else io.stderr.write(usageText);
    return 2;
  }
  return exitCode;
}
