import { diffPlans } from "../plan-diff/diff-plans";
import { readPlans } from "../plan-diff/read-plans";
import { renderDiff } from "../plan-diff/render-diff";
import type { Day2Io } from "../day2/io";

/**
 * `model-monitoring plan-diff --base <json> --head <json>`: exit 0 with the Markdown on stdout,
 * 2 when a file cannot be read as a plan. A separate command rather than `plan --diff-against`:
 * CI plans the base with the base branch's own code (another checkout), so both sides arrive
 * as files, and comparing them needs no Pulumi runtime.
 */
export function runPlanDiff(
  options: { base: string; head: string; maxChars?: number },
  io: Day2Io,
): number {
  const problems: string[] = [];
  const read = (file: string) => {
    try {
      return readPlans(file);
    } catch (error) {
      problems.push((error as Error).message);
      return [];
    }
  };
  const [base, head] = [read(options.base), read(options.head)];
  if (problems.length > 0) {
    io.stderr.write(problems.map((p) => `error: ${p}\n`).join(""));
    return 2;
  }
  io.stdout(`${renderDiff(diffPlans(base, head), head, options.maxChars)}\n`);
  return 0;
}
