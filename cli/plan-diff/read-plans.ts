import * as fs from "node:fs";
import type { StackPlan } from "../plan/plan-stack";

/**
 * A file written by `plan --all --json --no-sql` (an array of stack plans) or `plan --json`
 * (one). Checked for the shape the diff reads, with an error naming the file.
 */
export function readPlans(file: string): StackPlan[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file}: not JSON (${(error as Error).message}); give the output of plan --all --json --no-sql`,
    );
  }
  const plans = Array.isArray(parsed) ? parsed : [parsed];
  const bad = plans
    .map((plan, index) => [index, plan] as const)
    .filter(([, plan]) => !isStackPlan(plan))
    .map(([index]) => `[${index}]`);
  if (bad.length > 0)
    throw new Error(
      `${file}: ${bad.join(", ")} is not a stack plan (needs stack, ok, problems, resources, models); give the output of plan --all --json --no-sql`,
    );
  return plans as StackPlan[];
}

function isStackPlan(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const plan = value as Record<string, unknown>;
  return (
    typeof plan.stack === "string" &&
    typeof plan.ok === "boolean" &&
    Array.isArray(plan.problems) &&
    Array.isArray(plan.resources) &&
    Array.isArray(plan.models)
  );
}
