import { Command, InvalidArgumentError, Option } from "commander";
import { Day2Connection } from "./connection";
import { Day2Error, EXIT, type ExitCode } from "./exit-codes";
import { fatalProblem } from "./failures";
import { useColour, type Day2Io } from "./io";
import { errorJson, errorText } from "./output";
import { createProgress, type Progress } from "./progress";
import { loadStackContext, type StackContext, type StackSelection } from "./stack-context";

/** What every day-2 command shares: options, loading the stack, connecting, errors, exit codes. */

export interface Day2Options extends StackSelection {
  json?: boolean;
  host?: string;
  warehouseId?: string;
}

export interface Day2Run {
  context: StackContext;
  connection: Day2Connection;
  progress: Progress;
  io: Day2Io;
  /** Colour codes in text output. */
  colour: boolean;
}

export interface Day2Result {
  /** 2 only with a full report (preflight: some checks could not be made). */
  exitCode: ExitCode;
  output: string;
}

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

/**
 * Runs a command body with the stack loaded and a connection at hand; prints its output, or the
 * reason it could not run (exit 2). Always closes the connection.
 */
export async function runDay2(
  name: string,
  options: Day2Options,
  io: Day2Io,
  body: (run: Day2Run) => Promise<Day2Result>,
): Promise<ExitCode> {
  const progress = createProgress(io, { json: options.json });
  let connection: Day2Connection | undefined;
  try {
    const context = loadStackContext(options);
    connection = new Day2Connection(context, io.env, {
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.warehouseId === undefined ? {} : { warehouseId: options.warehouseId }),
    });
    const result = await body({ context, connection, progress, io, colour: useColour(io) });
    progress.clear();
    io.stdout(`${result.output}\n`);
    return result.exitCode;
  } catch (error) {
    progress.clear();
    let problem = fatalProblem(error);
    if (problem === undefined) throw error;
    const source = connection?.credentialsSource();
    if (
      problem.kind === "credentials" &&
      source !== undefined &&
      !problem.message.includes(source)
    ) {
      problem = new Day2Error(
        problem.kind,
        `${problem.message} (credentials from ${source})`,
        problem.details,
      );
    }
    if (options.json) io.stdout(`${errorJson(name, options.stack ?? null, problem)}\n`);
    else io.stderr.write(`${errorText(problem)}\n`);
    return EXIT.unusable;
  } finally {
    await connection?.close();
  }
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
