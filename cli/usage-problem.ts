import type { Command, CommanderError } from "commander";
import { Day2Error } from "./day2/exit-codes";

/**
 * A command line commander refused (unknown option, bad option value), described for the
 * `--json` error output: with `--json` on the line, a script reads the failure from stdout as
 * it reads any other exit 2, instead of finding plain text there.
 */
export interface UsageProblem {
  json: boolean;
  /** The subcommand named on the line, or the program's name when there is none. */
  command: string;
  stack: string | null;
  problem: Day2Error;
}

export function usageProblem(
  args: readonly string[],
  program: Command,
  error: CommanderError,
): UsageProblem {
  const commandNames = new Set(program.commands.map((command) => command.name()));
  return {
    json: args.includes("--json"),
    command: args.find((arg) => commandNames.has(arg)) ?? program.name(),
    stack: stackOf(args),
    problem: new Day2Error("usage", error.message.replace(/^error: /, "")),
  };
}

/** The value of `--stack x`, `--stack=x` or `-s x`, as far as the line can be read. */
function stackOf(args: readonly string[]): string | null {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
    if (arg === "--stack" || arg === "-s") {
      const value = args[index + 1];
      return value === undefined || value.startsWith("-") ? null : value;
    }
  }
  return null;
}
