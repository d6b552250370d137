import { Day2Connection } from "./connection";
import { Day2Error, EXIT, type ExitCode } from "./exit-codes";
import { fatalProblem } from "./failures";
import { useColour, type Day2Io } from "./io";
import { errorJson, errorText } from "./output";
import { createProgress, type Progress } from "./progress";
import { loadStackContext, type StackContext, type StackSelection } from "./stack-context";

/** What every day-2 command shares: loading the stack, connecting, errors, exit codes. */

// The options live apart so that defining the command line loads none of the above.
export { day2Command, modelOption, positiveNumber } from "./command-options";

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
    return reportUnusable(name, options.stack ?? null, problem, options.json, io);
  } finally {
    await connection?.close();
  }
}

/** A run that could not check anything: the problem on stdout (--json) or stderr, exit 2. */
export function reportUnusable(
  name: string,
  stack: string | null,
  problem: Day2Error,
  json: boolean | undefined,
  io: Day2Io,
): ExitCode {
  if (json) io.stdout(`${errorJson(name, stack, problem)}\n`);
  else io.stderr.write(`${errorText(problem)}\n`);
  return EXIT.unusable;
}
