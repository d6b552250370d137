import { Option, type Command } from "commander";
import { day2Action, day2Command } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import { parseSince } from "../day2/since";
import type { DriftOptions } from "./analyze-drift";

/** `analyze-drift` on the command line; the implementation (`./analyze-drift`) loads on use. */
export function registerAnalyzeDrift(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "analyze-drift",
    "Latest drift statistics per model and column against their thresholds, worst first",
  )
    .option(
      "--since <time>",
      'every finished window from then on: ISO date/time or an age ("7d", "36h")',
      (v: string) => parseSince(v),
    )
    .addOption(
      new Option(
        "--thresholds-from <source>",
        "the deployed thresholds table (what the alerts use) or this checkout's config",
      )
        .choices(["table", "config"])
        .default("table"),
    )
    .option("--all-statistics", "also statistics that have no threshold")
    .option("--breaches-only", "only statistics in breach")
    .option("--markdown", "print Markdown for a pull request or a ticket")
    .action(
      day2Action<DriftOptions>(
        "analyze-drift",
        io,
        setExitCode,
        () => (require("./analyze-drift") as typeof import("./analyze-drift")).analyzeDrift,
      ),
    );
}
