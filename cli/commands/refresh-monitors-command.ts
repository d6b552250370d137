import type { Command } from "commander";
import { boundedNumber, day2Action, day2Command } from "../day2/command-options";
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
      boundedNumber("--timeout", 1, 86_400, "seconds"),
      1800,
    )
    .option(
      "--poll-interval <seconds>",
      "longest pause between status checks",
      // The floor keeps a typo from polling in a busy loop; the ceiling from never checking.
      boundedNumber("--poll-interval", 0.01, 600, "seconds"),
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
