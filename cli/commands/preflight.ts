import { InvalidArgumentError, type Command } from "commander";
import { day2Command, runDay2, type Day2Options } from "../day2/command";
import type { Day2Io } from "../day2/io";
import { CHECK_NAMES, checksHelp, type CheckName } from "../day2/preflight/check-catalogue";
import { runPreflight } from "../day2/preflight/run-preflight";
import { readStackState } from "../day2/preflight/state-file";

/**
 * `preflight`: before `pulumi up`, check the live workspace for what no offline plan can know
 * (identity, warehouse, catalog objects and privileges, served versions, tables the
 * configuration names, existing endpoints and tables), read-only, with a bounded number of
 * requests and at most one SQL statement. Exit 0 ready, 1 a check failed, 2 not all could be
 * checked.
 */

interface PreflightCommandOptions extends Day2Options {
  markdown?: boolean;
  state?: string;
  skip?: CheckName[];
}

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
    .option(
      "--state <file>",
      "the stack's state from `pulumi stack export --file <file>`: flag what exists outside it",
    )
    .option(
      "--skip <checks>",
      "leave out these checks (repeat or comma-separate), e.g. a privilege held in a way the APIs do not show",
      checkName,
    )
    .addHelpText("after", checksHelp())
    .action(async (options: PreflightCommandOptions) => {
      setExitCode(
        await runDay2("preflight", options, io, (run) =>
          runPreflight(run, {
            ...(options.json === undefined ? {} : { json: options.json }),
            ...(options.markdown === undefined ? {} : { markdown: options.markdown }),
            skip: options.skip ?? [],
            ...(options.state === undefined ? {} : { state: readStackState(options.state) }),
          }),
        ),
      );
    });
}
