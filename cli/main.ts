import { Command, CommanderError } from "commander";
import { projectRoot } from "../config/project-root";
import { runPlan } from "./plan/command";

/**
 * The command-line entry point: `model-monitoring <command>`. Exit codes: 0 all good,
 * 1 a check failed (configuration problems, breaches), 2 usage or connection errors.
 */
export function buildCli(write: (text: string) => void, setExitCode: (code: number) => void): Command {
  const program = new Command("model-monitoring")
    .description("Model monitoring on Databricks: offline plan and day-2 commands")
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write });

  program
    .command("plan")
    .description("Evaluate the Pulumi program offline (mock runtime, preview) and print what it declares")
    .option("-s, --stack <name>", "stack to plan", "dev")
    .option("--all", "plan every stack (Pulumi.*.yaml)")
    .option("--json", "print JSON")
    .option("--markdown", "print Markdown for a pull-request comment")
    .option("--no-sql", "leave out the generated SQL")
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .action(async (options: { stack: string; all?: boolean; json?: boolean; markdown?: boolean; sql: boolean; root?: string }) => {
      const result = await runPlan({ ...options, root: options.root ?? projectRoot() });
      write(`${result.output}\n`);
      setExitCode(result.exitCode);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const write = (text: string) => process.stdout.write(text);
  try {
    await buildCli(write, (code) => (exitCode = code)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 2;
  }
  return exitCode;
}
