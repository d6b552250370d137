import type { Command } from "commander";
import type { Day2Io } from "../day2/io";

/** `demo` on the command line; the implementation (`./demo`) loads on use. */
export function registerDemo(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("demo")
    .description(
      "A local simulation, no workspace: start the local stand-ins with healthy, drifting, stale and broken models, run the day-2 commands against them, stop everything (needs this project's checkout after npm ci)",
    )
    .action(async () => {
      const { demo } = require("./demo") as typeof import("./demo");
      setExitCode(await demo(io));
    });
}
