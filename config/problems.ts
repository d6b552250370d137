/**
 * Configuration problems, collected rather than thrown one by one so that a user sees every
 * mistake in one run. Each names the file, the key path inside it and what is allowed.
 */
export interface ConfigProblem {
  file: string;
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `${problems.length} configuration problem(s):\n${problems.map(formatProblem).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.path === "" ? problem.file : `${problem.file}: ${problem.path}`;
  return `  ${where}: ${problem.message}`;
}

/** Joins key path segments the way users write them: a.b[0].c */
export function joinPath(segments: readonly PropertyKey[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

export function prefixPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix.endsWith(":") ? prefix.slice(0, -1) : prefix;
  // Pulumi config keys: the namespace is joined with a colon, model-monitoring:serving.x
  if (prefix.endsWith(":")) return `${prefix}${path}`;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}
