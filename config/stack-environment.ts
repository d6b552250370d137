import { ENVIRONMENTS, type Environment, isOneOf } from "../core/enums";
import type { ConfigProblem } from "./problems";

/**
 * The environment a stack's name claims. Prod's rules (no scale to zero, protected tables, the
 * policy pack's mandatory checks) follow `environment`, so a stack named prod (or prod-eu,
 * eu_production) must not be able to set `environment: dev` and escape them: the name decides
 * where it speaks, and the stack file may only agree.
 */

const WORDS: Record<string, Environment> = {
  dev: "dev",
  development: "dev",
  acc: "acc",
  acceptance: "acc",
  prod: "prod",
  production: "prod",
};

/** The strictest environment a word of the stack name names, if any. */
export function environmentOfStackName(stack: string): Environment | undefined {
  const claimed = stack
    .toLowerCase()
    .split(/[-_.]/)
    .map((word) => WORDS[word])
    .filter((environment): environment is Environment => environment !== undefined);
  let strictest: Environment | undefined;
  for (const environment of claimed)
    if (
      strictest === undefined ||
      ENVIRONMENTS.indexOf(environment) > ENVIRONMENTS.indexOf(strictest)
    )
      strictest = environment;
  return strictest;
}

/**
 * The stack file's `environment` checked against the stack name: a problem when they differ.
 * `environment` absent means the name's.
 */
export function environmentProblems(
  stack: string,
  environment: unknown,
  file: string,
  key: string,
): ConfigProblem[] {
  const named = environmentOfStackName(stack);
  if (named === undefined || environment === undefined || environment === named) return [];
  if (typeof environment !== "string" || !isOneOf(ENVIRONMENTS, environment)) return [];
  return [
    {
      file,
      path: key,
      message: `the stack "${stack}" is ${named} by its name, so environment must be ${named} (got "${environment}"): the environment decides protection and ${named === "prod" ? "prod's" : "its"} rules, which a stack file may not lift; remove the key or rename the stack`,
    },
  ];
}
