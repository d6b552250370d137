import { projectRoot } from "../../config/project-root";
import { loadStack } from "../plan/load-stack";
import { stackEntries } from "../plan/stack-claims";
import {
  reportUnusable,
  runDay2,
  type Day2Options,
  type Day2Run,
  type Day2Result,
} from "./command";
import { Day2Error, EXIT, type ExitCode } from "./exit-codes";
import type { Day2Io } from "./io";
import { requestedModelNames } from "./stack-context";

/**
 * A day-2 command over every stack of an environment (`--environment prod`: the shards
 * prod-a, prod-b, ...), one stack after the other, each exactly as `--stack <it>` would run it
 * (its own stack file, connection and models). Text: each stack's report under a heading;
 * JSON: an array of the per-stack documents, each valid against the command's schema. The exit
 * code is the worst of the stacks' (2 over 1 over 0). With `-m`, each stack runs the named
 * models it selects, and a stack that selects none of them is skipped; a name that no stack of
 * the environment selects is a usage error before anything runs.
 */

export interface EnvironmentOptions extends Omit<Day2Options, "stack"> {
  environment: string;
}

export async function runDay2ForEnvironment(
  name: string,
  options: EnvironmentOptions,
  io: Day2Io,
  body: (run: Day2Run) => Promise<Day2Result>,
): Promise<ExitCode> {
  let runs: { stack: string; model?: string[] }[];
  try {
    runs = stackRuns(options);
  } catch (error) {
    if (!(error instanceof Day2Error)) throw error;
    return reportUnusable(name, null, error, options.json, io);
  }

  const documents: string[] = [];
  let worst: ExitCode = EXIT.ok;
  for (const [index, run] of runs.entries()) {
    // JSON: each stack's document is collected into one array; text goes out as it comes.
    const stackIo: Day2Io = options.json
      ? { ...io, stdout: (text: string) => documents.push(text.trim()) }
      : io;
    if (!options.json) {
      io.stdout(
        `${index === 0 ? "" : "\n"}== stack ${run.stack} (environment ${options.environment})\n`,
      );
    }
    const code = await runDay2(
      name,
      { ...options, stack: run.stack, ...(run.model ? { model: run.model } : {}) },
      stackIo,
      body,
    );
    worst = Math.max(worst, code) as ExitCode;
  }
  if (options.json) io.stdout(`[\n${documents.join(",\n")}\n]\n`);
  return worst;
}

/** The stacks to run, each with the models named for it. */
function stackRuns(options: EnvironmentOptions): { stack: string; model?: string[] }[] {
  const root = options.root ?? projectRoot();
  const stacks = stackEntries(root, options.environment).map((entry) => entry.stack);
  if (stacks.length === 0) {
    throw new Day2Error("usage", `No stack file states environment ${options.environment}`);
  }
  const names = requestedModelNames(options.model ?? []);
  if (names.length === 0) return stacks.map((stack) => ({ stack }));

  const runs: { stack: string; model?: string[] }[] = [];
  const matched = new Set<string>();
  for (const stack of stacks) {
    const { models } = loadStack(root, stack);
    // A stack whose configuration has problems runs as it is, and reports them (exit 2).
    if (models === undefined) {
      runs.push({ stack, model: names });
      names.forEach((n) => matched.add(n));
      continue;
    }
    const selected = names.filter((n) => models.some((m) => m.name === n));
    selected.forEach((n) => matched.add(n));
    if (selected.length > 0) runs.push({ stack, model: selected });
  }
  const unknown = names.filter((n) => !matched.has(n));
  if (unknown.length > 0) {
    throw new Day2Error(
      "usage",
      `Unknown model(s) ${unknown.join(", ")} in environment ${options.environment}; its stacks: ${stacks.join(", ")}`,
    );
  }
  return runs;
}
