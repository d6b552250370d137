import { type LoadedProject, loadProject } from "../../config/load-project";
import { type ConfigProblem, ConfigError } from "../../config/problems";
import { baseModel, baseStack, fixtureProject } from "./fixture-project";

/** Loads a fixture project and returns its problems (empty when it loads). */
export function problemsOf(
  models: Record<string, Record<string, unknown> | string>,
  stackConfig: Record<string, unknown> = baseStack(),
  stack = "dev",
): ConfigProblem[] {
  try {
    loadProject({ root: fixtureProject(models), stack, stackConfig });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

export function loadFixture(
  models: Record<string, Record<string, unknown>> = { fraud: baseModel() },
  stackConfig: Record<string, unknown> = baseStack(),
  stack = "dev",
): LoadedProject {
  return loadProject({ root: fixtureProject(models), stack, stackConfig });
}

/** The single problem expected; fails the test with all of them listed otherwise. */
export function onlyProblem(problems: ConfigProblem[]): ConfigProblem {
  if (problems.length !== 1)
    throw new Error(
      `expected one problem, got ${problems.length}: ${JSON.stringify(problems, null, 2)}`,
    );
  return problems[0] as ConfigProblem;
}
