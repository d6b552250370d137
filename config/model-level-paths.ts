import type { ConfigProblem } from "./problems";

/**
 * Key paths as one model sees them, whichever file gave them: the stack's
 * `model-monitoring:models.<name>.serving.tags` and `model-monitoring:tags` and the model
 * file's `serving.tags` are all `serving.tags`. Used to tell a problem that only follows from a
 * key removed for its mistake (salvage.ts) from one of its own.
 */

const NAMESPACE = "model-monitoring:";

/** The stack's top-level keys that reach a model under another name (resolve/model.ts). */
const STACK_WIDE: Record<string, string> = {
  tags: "serving.tags",
  failureEmails: "monitor.failureEmails",
  schedules: "monitor.schedule",
};

/** Stack key paths removed for their mistakes, as model `name` sees them. */
export function modelLevelPaths(stackPaths: readonly string[], name: string): string[] {
  const paths: string[] = [];
  for (const stackPath of stackPaths) {
    const own = `models.${name}.`;
    if (stackPath.startsWith(own)) paths.push(stackPath.slice(own.length));
    else if (stackPath.startsWith("models.") || stackPath === "models") continue;
    else {
      const [top = ""] = stackPath.split(/[.[]/);
      const mapped = STACK_WIDE[top];
      paths.push(mapped === undefined ? stackPath : mapped);
    }
  }
  return paths;
}

/** The key path of a problem as model `name` sees it. */
export function modelLevelPath(problem: ConfigProblem, stackFile: string, name: string): string {
  if (problem.file !== stackFile) return problem.path;
  const own = `${NAMESPACE}models.${name}.`;
  if (problem.path.startsWith(own)) return problem.path.slice(own.length);
  if (!problem.path.startsWith(NAMESPACE)) return problem.path;
  const stackPath = problem.path.slice(NAMESPACE.length);
  const [top = ""] = stackPath.split(/[.[]/);
  const mapped = STACK_WIDE[top];
  return mapped === undefined ? stackPath : `${mapped}${stackPath.slice(top.length)}`;
}
