import { InvalidArgumentError, Option, type Command } from "commander";
import { day2Action, day2Command } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import { CHECK_NAMES, checksHelp, type CheckName } from "../day2/preflight/check-catalogue";
import type { PreflightCommandOptions } from "./preflight";

/** `preflight` on the command line; the implementation (`./preflight`) loads on use. */

function checkName(value: string, previous: CheckName[] | undefined): CheckName[] {
  const names = value.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown check(s) ${unknown.join(", ")}; the checks: ${CHECK_NAMES.join(", ")}`,
    );
  }
  return [...(previous ?? []), ...(names as CheckName[])];
}

export function registerPreflight(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "preflight",
    "Before pulumi up: check the live workspace, read-only (identity, warehouse, Unity Catalog objects and privileges, models, tables, endpoints)",
  )
    .option("--markdown", "print Markdown (a CI step summary, a ticket)")
    .addOption(
      // One stack's state: not with --environment, which runs several stacks.
      new Option(
        "--state <file>",
        "the stack's state from `pulumi stack export --file <file>`: flag what exists outside it",
      ).conflicts("environment"),
    )
    .option(
      "--skip <checks>",
      "leave out these checks (repeat or comma-separate), e.g. a privilege held in a way the APIs do not show",
      checkName,
    )
    .addHelpText("after", checksHelp())
    .action(
      day2Action<PreflightCommandOptions>(
        "preflight",
        io,
        setExitCode,
        () => (require("./preflight") as typeof import("./preflight")).preflight,
      ),
    );
}
