import type { ModelSpec } from "../../config/model-spec";
import { formatProblem } from "../../config/problems";
import { projectRoot } from "../../config/project-root";
import { loadStack } from "../plan/load-stack";
import { Day2Error } from "./exit-codes";

/**
 * What every day-2 command starts from: the same stack file and model files the Pulumi program
 * reads, loaded by the same loader, narrowed to the models asked for, plus the stack's
 * connection keys for the Databricks client.
 */

export interface StackSelection {
  stack: string;
  /** Project folder; default the one holding Pulumi.yaml. */
  root?: string;
  /** Model names (repeatable, comma-separated); default every model of the stack. */
  model?: string[];
}

export interface StackContext {
  root: string;
  stack: string;
  models: ModelSpec[];
  /** Full stack config keys as Pulumi would hand them over; secure values are absent. */
  config: Record<string, string>;
  /** Keys that are encrypted in the stack file and so cannot be read here. */
  secretKeys: string[];
}

export function loadStackContext(selection: StackSelection): StackContext {
  const { stack } = selection;
  // Commander cannot require one of two options: --stack or --environment (environment-run.ts).
  if ((stack as string | undefined) === undefined) {
    throw new Day2Error(
      "usage",
      "Name the stack: --stack <name>, or --environment <name> for every stack of an environment",
    );
  }
  const root = selection.root ?? projectRoot();
  const { file, models, problems } = loadStack(root, stack);
  if (models === undefined) {
    throw new Day2Error(
      "config",
      file.read
        ? `${problems.length} configuration problem(s) in stack ${stack}`
        : `Cannot read the stack ${stack}`,
      problems.map(formatProblem),
    );
  }
  const readable = Object.fromEntries(
    Object.entries(file.config).filter(([key]) => !file.secretKeys.includes(key)),
  );
  return {
    root,
    stack,
    models: selectModels(models, selection.model ?? [], stack),
    config: readable,
    secretKeys: file.secretKeys,
  };
}

/** The model names of `-m` (repeated and comma-separated), in the order given. */
export function requestedModelNames(requested: readonly string[]): string[] {
  return requested
    .flatMap((entry) => entry.split(","))
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Every model when none is named; otherwise exactly the named ones, in stack order. */
export function selectModels<T extends { name: string }>(
  models: T[],
  requested: readonly string[],
  stack: string,
): T[] {
  const names = requestedModelNames(requested);
  if (names.length === 0) return models;
  const known = models.map((model) => model.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Day2Error(
      "usage",
      `Unknown model(s) ${unknown.join(", ")} in stack ${stack}; its models: ${known.join(", ")}`,
    );
  }
  return models.filter((model) => names.includes(model.name));
}
