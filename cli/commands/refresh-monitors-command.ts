import type { Command } from "commander";
import { day2Action, day2Command, positiveNumber } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import type { RefreshOptions } from "./refresh-monitors";

/** `refresh-monitors` on the command line; the implementation (`./refresh-monitors`) loads on use. */
export function registerRefreshMonitors(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "refresh-monitors",
    "Refresh the stack's quality monitors and wait for them, showing progress",
  )
    .option(
      "--timeout <seconds>",
      "stop waiting after this long (refreshes keep running)",
      positiveNumber("--timeout"),
      1800,
    )
    .option(
      "--poll-interval <seconds>",
      "longest pause between status checks",
      positiveNumber("--poll-interval"),
      10,
    )
    .option("--no-wait", "start the refreshes and return")
    .action(
      day2Action<RefreshOptions>(
        "refresh-monitors",
        io,
        setExitCode,
        () =>
          (require("./refresh-monitors") as typeof import("./refresh-monitors")).refreshMonitors,
      ),
    );
}
