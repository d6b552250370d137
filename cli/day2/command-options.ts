import { type Command, InvalidArgumentError, Option } from "commander";
import type { Day2Options, Day2Result, Day2Run } from "./command";
import type { Day2Io } from "./io";

/**
 * The options every day-2 command takes, and its action. Only commander is loaded here: the
 * implementation of a command (and with it the stack loader, zod, the SQL driver) is required
 * when the command runs, so `model-monitoring --help` starts in a fraction of the time.
 */

const CONNECTION_HELP = `
Connection (the same settings as the Pulumi program's providers):
  host          --host, databricks:host in Pulumi.<stack>.yaml, DATABRICKS_HOST, or a
                ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE)
  warehouse     --warehouse-id, model-monitoring:warehouseId, DATABRICKS_WAREHOUSE_ID
  credentials   DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (OAuth M2M),
                or the profile. Values set with \`pulumi config set --secret\` are encrypted and
                cannot be read outside Pulumi: export them, e.g.
                DATABRICKS_TOKEN="$(pulumi config get databricks:token --stack dev)"
  private CA    model-monitoring:caCertPath (a PEM file) or model-monitoring:caCert
  retries       databricks:retryTimeoutSeconds bounds the retries of one call (default 300)

Progress is shown on a terminal (stderr); never with --json, in CI (CI=true) or when piped.
Exit codes: 0 all good, 1 a check failed or a threshold is breached,
            2 usage, configuration or connection error (nothing was checked).`;

/** `-m, --model`: repeatable or comma-separated; read with selectModels. */
export function modelOption(): Option {
  return new Option(
    "-m, --model <names>",
    "only these models (repeat or comma-separate); default all",
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** The command with the options every day-2 command takes. */
export function day2Command(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption(
      "-s, --stack <name>",
      "stack: reads Pulumi.<name>.yaml, like the Pulumi program",
    )
    .addOption(modelOption())
    .option("--json", "print JSON (schema: cli/schemas/<command>.schema.json); no progress display")
    .option("--host <url>", "workspace URL, instead of databricks:host")
    .option("--warehouse-id <id>", "SQL warehouse, instead of model-monitoring:warehouseId")
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .addHelpText("after", CONNECTION_HELP);
}

/** A number option: positive, finite. */
export function positiveNumber(what: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number <= 0)
      throw new InvalidArgumentError(`${what} must be a positive number.`);
    return number;
  };
}

/**
 * The action of a day-2 command: loads `runDay2` and the command's body on use, then runs the
 * body with the stack loaded and a connection at hand.
 */
export function day2Action<O extends Day2Options>(
  name: string,
  io: Day2Io,
  setExitCode: (code: number) => void,
  loadBody: () => (run: Day2Run, options: O) => Promise<Day2Result>,
): (options: O) => Promise<void> {
  return async (options) => {
    const { runDay2 } = require("./command") as typeof import("./command");
    const body = loadBody();
    setExitCode(await runDay2(name, options, io, (run) => body(run, options)));
  };
}
