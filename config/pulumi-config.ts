import { STACK_NAMESPACE } from "./schema/stack";

/**
 * Pulumi hands the program its configuration as strings; structured values arrive as JSON
 * text. This turns the project's namespaced keys back into values for the zod schemas, so
 * that unknown keys (typos) are reported instead of silently ignored.
 */
export function projectConfigFrom(allConfig: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(allConfig)) {
    if (!key.startsWith(STACK_NAMESPACE)) continue;
    const name = key.slice(STACK_NAMESPACE.length);
    result[name] = parseConfigValue(text);
  }
  return result;
}

function parseConfigValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  // Only literal booleans are converted: ids such as warehouse ids may look numeric.
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  return text;
}
