import { type Command, InvalidArgumentError, Option } from "commander";
import type { Day2Options, Day2Result, Day2Run } from "./command";
import type { Day2Io } from "./io";
import { isModelName } from "../../core/names";

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

/**
 * Values that end up in a file name or a URL are checked where they are read, before anything
 * uses them: a stack name becomes Pulumi.<name>.yaml and a CLI argument, a warehouse id a URL
 * path segment, a host the URL's origin, a model name a selector.
 */

/**
 * Pulumi's own rule for a stack name (letters, digits, -, _, .), without a path or "..". An
 * environment name (as stack files state it) follows the same rule.
 */
function plainName(flag: string, what: string, example: string): (value: string) => string {
  return (value) => {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/.test(value) || value.includes(".."))
      throw new InvalidArgumentError(
        `${flag} must be a plain ${what} name: letters, digits, -, _ or ., at most 100, e.g. ${example} (got ${JSON.stringify(value)}).`,
      );
    return value;
  };
}

export const stackName = plainName("--stack", "stack", "dev");
export const environmentName = plainName("--environment", "environment", "prod");

/** A SQL warehouse id as Databricks prints it: 16 lowercase hex characters. */
export function warehouseId(value: string): string {
  if (!/^[0-9a-f]{16}$/.test(value))
    throw new InvalidArgumentError(
      `--warehouse-id must be a SQL warehouse id: 16 lowercase hex characters, e.g. 0123456789abcdef (got ${JSON.stringify(value)}).`,
    );
  return value;
}

/** A workspace URL: https, a host name and maybe a port; no user, path, query or fragment. */
export function workspaceHost(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    url.protocol !== "https:" ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== "" ||
    url.pathname !== "/" ||
    /[\s/?#@]/.test(value.replace(/^https:\/\//i, "").replace(/\/$/, ""))
  )
    throw new InvalidArgumentError(
      `--host must be a workspace URL such as https://adb-1234567890123456.7.azuredatabricks.net (https, no path, query or user; got ${JSON.stringify(value)}).`,
    );
  return url.origin;
}

/** Model names as model files are named. */
function modelNames(value: string): string {
  for (const name of value.split(",").map((n) => n.trim())) {
    if (name !== "" && !isModelName(name))
      throw new InvalidArgumentError(
        `--model takes model names: lowercase letters, digits and -, e.g. churn-classifier (got ${JSON.stringify(name)}).`,
      );
  }
  return value;
}

/** `-m, --model`: repeatable or comma-separated; read with selectModels. */
export function modelOption(): Option {
  return new Option(
    "-m, --model <names>",
    "only these models (repeat or comma-separate); default all",
  ).argParser((value: string, previous: string[] | undefined) => [
    ...(previous ?? []),
    modelNames(value),
  ]);
}

/** The command with the options every day-2 command takes. */
export function day2Command(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .addOption(
      new Option("-s, --stack <name>", "stack: reads Pulumi.<name>.yaml, like the Pulumi program")
        .argParser(stackName)
        .conflicts("environment"),
    )
    .option(
      "-e, --environment <name>",
      "instead of --stack: every stack whose file states this environment (its shards), one after the other; --json prints an array with one document per stack",
      environmentName,
    )
    .addOption(modelOption())
    .option("--json", "print JSON (schema: cli/schemas/<command>.schema.json); no progress display")
    .option("--host <url>", "workspace URL, instead of databricks:host", workspaceHost)
    .option(
      "--warehouse-id <id>",
      "SQL warehouse, instead of model-monitoring:warehouseId",
      warehouseId,
    )
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .addHelpText("after", CONNECTION_HELP);
}

/** A number option: positive, finite. */
export function positiveNumber(what: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number <= 0)
      throw new InvalidArgumentError(`${what} must be a positive number.`);
    return number;
  };
}

/**
 * A number option between a floor and a ceiling: durations that would hammer the API (a poll
 * every microsecond) or wait for years are refused, with the range in the message.
 */
export function boundedNumber(
  what: string,
  min: number,
  max: number,
  unit: string,
): (value: string) => number {
  return (value) => {
    const number = positiveNumber(what)(value);
    if (number < min || number > max)
      throw new InvalidArgumentError(
        `${what} must be between ${min} and ${max} ${unit} (got ${value}).`,
      );
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
    const { environment } = options as O & { environment?: string };
    const body = loadBody();
    if (environment !== undefined) {
      const { runDay2ForEnvironment } =
        require("./environment-run") as typeof import("./environment-run");
      const run = { ...options, environment };
      setExitCode(await runDay2ForEnvironment(name, run, io, (r) => body(r, options)));
      return;
    }
    const { runDay2 } = require("./command") as typeof import("./command");
    setExitCode(await runDay2(name, options, io, (run) => body(run, options)));
  };
}
