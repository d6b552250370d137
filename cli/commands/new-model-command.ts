import type { Command } from "commander";
import type { Day2Io } from "../day2/io";
import type { NewModelOptions } from "./new-model";

/** `new-model` on the command line; the implementation (`./new-model`) loads on use. */
export function registerNewModel(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("new-model")
    .description(
      "Write a commented model file models/<name>.yaml that passes validation in every stack",
    )
    .argument("<name>", "model name: lowercase letters, digits and -, starting with a letter")
    .option("--template <kind>", "classification, regression or forecasting")
    .option("--registered-model <name>", "Unity Catalog model catalog.schema.model")
    .option("--version <n>", "the registered model version to serve, e.g. 3")
    .option("--alias <name>", "or: the alias to serve, resolved at deploy time, e.g. champion")
    .option("--features <list>", "the request's columns: name:type[:categorical],...")
    .option("--sample <file>", "or: a .csv (header, optionally one row) or .json sample request")
    .option(
      "--prediction <name:type>",
      "the prediction column (default prediction:int:categorical, or prediction:double)",
    )
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .addHelpText(
      "after",
      `
Example:
  npx model-monitoring new-model fraud-detector --template classification \\
    --registered-model ml.models.fraud_detector --version 3 \\
    --features amount:double,merchant_category:string,is_weekend:boolean

Column types: string boolean int bigint float double date timestamp.
It refuses to overwrite models/<name>.yaml or models/<name>.yml. Exit codes: 0 written,
1 the written file would not pass validation (nothing is left behind), 2 bad arguments.`,
    )
    .action(async (name: string, options: NewModelOptions) => {
      const { newModel } = require("./new-model") as typeof import("./new-model");
      setExitCode(newModel(name, options, io));
    });
}
