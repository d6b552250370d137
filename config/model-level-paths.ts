import type { ConfigProblem } from "./problems";
import { STACK_NAMESPACE } from "./schema/stack";

/**
 * Key paths as one model sees them, whichever file gave them: the stack's
 * `model-monitoring:models.<name>.serving.tags` and `model-monitoring:tags` and the model
 * file's `serving.tags` are all `serving.tags`. Used to tell a problem that only follows from a
 * key removed for its mistake (salvage.ts) from one of its own.
 */

/**
 * The stack-wide keys that reach a model under another name, as resolve/model.ts
 * (stackWideModelKeys) sets them; the most specific first. Other `schedules` keys (processing,
 * alerts) are not model keys and keep their stack path.
 */
const STACK_WIDE: readonly (readonly [stackKey: string, modelKey: string])[] = [
  ["tags", "serving.tags"],
  ["failureEmails", "monitor.failureEmails"],
  ["schedules.monitor", "monitor.schedule.cron"],
  ["schedules.timezone", "monitor.schedule.timezone"],
  ["schedules.paused", "monitor.schedule.paused"],
];

/** A stack-level key path (without the namespace) as a model-level one. */
function asModelPath(stackPath: string): string {
  if (stackPath === "schedules") return "monitor.schedule";
  for (const [stackKey, modelKey] of STACK_WIDE) {
    const rest = stackPath.slice(stackKey.length);
    if (
      stackPath.startsWith(stackKey) &&
      (rest === "" || rest.startsWith(".") || rest.startsWith("["))
    )
      return `${modelKey}${rest}`;
  }
  return stackPath;
}

/** Stack key paths removed for their mistakes, as model `name` sees them. */
export function modelLevelPaths(stackPaths: readonly string[], name: string): string[] {
  const own = `models.${name}.`;
  return stackPaths.flatMap((stackPath) => {
    if (stackPath.startsWith(own)) return [stackPath.slice(own.length)];
    if (stackPath.startsWith("models.") || stackPath === "models") return [];
    return [asModelPath(stackPath)];
  });
}

/** The key path of a problem as model `name` sees it. */
export function modelLevelPath(problem: ConfigProblem, stackFile: string, name: string): string {
  if (problem.file !== stackFile) return problem.path;
  const own = `${STACK_NAMESPACE}models.${name}.`;
  if (problem.path.startsWith(own)) return problem.path.slice(own.length);
  if (!problem.path.startsWith(STACK_NAMESPACE)) return problem.path;
  return asModelPath(problem.path.slice(STACK_NAMESPACE.length));
}
