import { Option, type Command } from "commander";
import { day2Action, day2Command } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import type { CheckOptions } from "./check-thresholds";

/** `check-thresholds` on the command line; the implementation (`./check-thresholds`) loads on use. */
export function registerCheckThresholds(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "check-thresholds",
    "Evaluate the alerts' queries now, as the alerts would; exit 1 on any breach (a CI gate)",
  )
    .addOption(
      new Option("--severity <level>", "only the alerts of this severity").choices([
        "warning",
        "critical",
      ]),
    )
    .action(
      day2Action<CheckOptions>(
        "check-thresholds",
        io,
        setExitCode,
        () =>
          (require("./check-thresholds") as typeof import("./check-thresholds")).checkThresholds,
      ),
    );
}
