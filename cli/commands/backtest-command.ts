import type { Command } from "commander";
import { day2Action, day2Command, positiveNumber } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import type { BacktestOptions } from "./backtest";

/** `backtest` on the command line; the implementation (`./backtest`) loads on use. */
export function registerBacktest(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "backtest",
    "Replay the metric history: which windows the current thresholds fired on, and which the proposed ones would have",
  )
    .option("--days <n>", "how far back to replay, in days", positiveNumber("--days"), 30)
    .option(
      "--thresholds-from <file or ref>",
      "the proposed thresholds: a model file, a thresholds file (thresholds, thresholdDefaults, dataQuality) or a git ref; default this checkout",
    )
    .option(
      "--max-alerts-per-week <n>",
      "exit 1 when the proposed thresholds would fire one alert more often than this (windows fired / weeks)",
      (value: string) => {
        const number = Number(value);
        if (!Number.isFinite(number) || number < 0)
          return positiveNumber("--max-alerts-per-week")(value);
        return number;
      },
    )
    .option("--markdown", "print Markdown for a pull request")
    .addHelpText(
      "after",
      `
Current thresholds: the deployed thresholds table. Replayed per finished window: drift
statistics and the data-quality null rate and row-count ratio; staleness and metrics age
depend on when the alert runs and are not replayed. A window lacking a statistic is reported
as missing, not as a pass. Exit codes here: 0 within budget (or none given), 1 the proposed
thresholds page more than --max-alerts-per-week, 2 could not conclude.`,
    )
    .action(
      day2Action<BacktestOptions>(
        "backtest",
        io,
        setExitCode,
        () => (require("./backtest") as typeof import("./backtest")).backtest,
      ),
    );
}
