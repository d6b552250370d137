import { InvalidArgumentError, type Command } from "commander";
import { boundedNumber, day2Action, day2Command, positiveNumber } from "../day2/command-options";
import type { Day2Io } from "../day2/io";
import type { ValidateOptions } from "./validate-inference-table";

/**
 * `validate-inference-table` on the command line; the implementation
 * (`./validate-inference-table`) loads on use.
 */

/** 1 to 3660 days (ten years); a fraction rounds up. */
function wholeDays(value: string): number {
  const days = Math.ceil(positiveNumber("--days")(value));
  if (days > 3660) throw new InvalidArgumentError("--days must be at most 3660.");
  return days;
}

/**
 * A share as a fraction: "5%" and "5" are 5 percent, "0.05" is the same as a fraction. Numbers
 * from 1 up are percents (so "1" is 1%, as the help says, not 100%); 0 tolerates none; above
 * 100% is refused.
 */
export function parseShare(what: string): (value: string) => number {
  return (value) => {
    const percentSign = value.trim().endsWith("%");
    const text = (percentSign ? value.trim().slice(0, -1) : value).trim();
    const number = Number(text);
    if (text === "" || !Number.isFinite(number) || number < 0) {
      throw new InvalidArgumentError(
        `${what} must be a share such as 0.05, 5 or 5% (got ${value}).`,
      );
    }
    const fraction = percentSign || number >= 1 ? number / 100 : number;
    if (fraction > 1) {
      throw new InvalidArgumentError(`${what} must be at most 100% (got ${value}).`);
    }
    return fraction;
  };
}

export function registerValidateInferenceTable(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  day2Command(
    program,
    "validate-inference-table",
    "Check each model's payload and processed tables: existence, schema, fresh rows, failed and unparsed requests",
  )
    .option("--days <n>", "window for the failed and unparsed shares", wholeDays, 7)
    .option(
      "--max-age-hours <h>",
      "newest row at most this old (default: each model's dataQuality.maxStalenessHours)",
      boundedNumber("--max-age-hours", 0.01, 87_840, "hours"),
    )
    .option(
      "--max-failed-share <share>",
      "most requests that may fail: 0.05, 5 or 5% (from 1 up, a number is a percent)",
      parseShare("--max-failed-share"),
      0.05,
    )
    .option(
      "--max-unparsed-share <share>",
      "most processed rows without features: 0.01, 1 or 1% (from 1 up, a number is a percent)",
      parseShare("--max-unparsed-share"),
      0.01,
    )
    .action(
      day2Action<ValidateOptions>(
        "validate-inference-table",
        io,
        setExitCode,
        () =>
          (require("./validate-inference-table") as typeof import("./validate-inference-table"))
            .validateInferenceTables,
      ),
    );
}
