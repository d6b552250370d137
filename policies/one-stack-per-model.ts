/**
 * A cross-stack guardrail: when an environment is split into shards (stacks selecting their
 * models), a model claimed by two stacks of one environment would get two endpoints of one
 * name fighting in one workspace, and two owners of its thresholds rows. It runs where every
 * stack file is seen: the offline plan (per stack too, reading the other stack files).
 */

export const ONE_STACK_PER_MODEL = "one-stack-per-model";

/** The models one stack holds, in its environment. */
export interface StackClaim {
  stack: string;
  environment: string;
  models: readonly string[];
}

export interface ClaimFinding {
  rule: typeof ONE_STACK_PER_MODEL;
  enforcement: "mandatory";
  resource: string;
  message: string;
}

/** Findings for `stack`: each of its models that another stack of its environment holds too. */
export function claimFindings(stack: string, claims: readonly StackClaim[]): ClaimFinding[] {
  const own = claims.find((c) => c.stack === stack);
  if (!own) return [];
  const findings: ClaimFinding[] = [];
  for (const model of [...own.models].sort()) {
    const others = claims
      .filter((c) => c.stack !== stack && c.environment === own.environment)
      .filter((c) => c.models.includes(model))
      .map((c) => c.stack);
    if (others.length === 0) continue;
    findings.push({
      rule: ONE_STACK_PER_MODEL,
      enforcement: "mandatory",
      resource: model,
      message: `model ${model} is also selected by stack(s) ${others.join(", ")} of environment ${own.environment}; narrow the stacks' model-monitoring:select so one stack holds it`,
    });
  }
  return findings;
}
