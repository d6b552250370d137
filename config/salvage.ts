import type { z } from "zod";
import type { ConfigProblem } from "./problems";
import { joinPath } from "./problems";
import { defOf, schemaAt, validate } from "./zod-issues";

/**
 * One pass over the whole configuration: a file with a mistake is not dropped but checked on
 * without the mistaken values, so that the cross-file checks (layers, thresholds, names across
 * models) still run and every problem shows in the same run. Only optional keys and mapping
 * entries are removed (a required one gets a stand-in from `fallbacks`, or the file is given
 * up); the key paths removed are returned so that the consequences of a removal (a value
 * missing because it was removed) are not reported as problems of their own.
 */

export interface Salvaged<T> {
  /** The file's value: as written, or without the removed keys; undefined when given up. */
  value?: T;
  problems: ConfigProblem[];
  /** Key paths removed or replaced (e.g. `serving.workloadSize`, `models.fraud.version`). */
  removed: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** May the key at `path` be left out? Optional object keys and mapping entries may. */
function removable(schema: z.ZodType, path: readonly PropertyKey[]): boolean {
  const key = path[path.length - 1];
  if (typeof key !== "string") return false;
  const container = schemaAt(schema, path.slice(0, -1));
  if (container === undefined) return false;
  const def = defOf(container);
  if (def.type === "record") return true;
  const entry = def.shape?.[key];
  if (def.type !== "object" || entry === undefined) return false;
  const entryType = defOf(entry).type;
  return entryType === "optional" || entryType === "default";
}

function removeAt(root: unknown, path: readonly PropertyKey[]): void {
  let current = root;
  for (const segment of path.slice(0, -1)) {
    if (current === null || typeof current !== "object") return;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  if (isPlainObject(current)) delete current[String(path[path.length - 1])];
}

export function validateSalvaged<T>(
  schema: z.ZodType<T>,
  input: unknown,
  file: string,
  pathPrefix = "",
  fallbacks: Record<string, unknown> = {},
): Salvaged<T> {
  const first = validate(schema, input, file, pathPrefix);
  if (first.value !== undefined) return { value: first.value, problems: [], removed: [] };
  const result = schema.safeParse(input);
  if (result.success || !isPlainObject(input)) return { problems: first.problems, removed: [] };

  const copy = structuredClone(input);
  const removed = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) removeAt(copy, [...issue.path, key]);
      continue;
    }
    const top = issue.path[0];
    if (typeof top === "string" && top in fallbacks) {
      copy[top] = fallbacks[top];
      removed.add(top);
      continue;
    }
    let cut = issue.path.length;
    while (cut > 0 && !removable(schema, issue.path.slice(0, cut))) cut -= 1;
    if (cut === 0) return { problems: first.problems, removed: [] };
    removeAt(copy, issue.path.slice(0, cut));
    removed.add(joinPath(issue.path.slice(0, cut)));
  }
  const second = schema.safeParse(copy);
  if (!second.success) return { problems: first.problems, removed: [] };
  return { value: second.data, problems: first.problems, removed: [...removed] };
}

/** Is `path` (a model-level key path) at or under one of `removed`? */
export function underRemoved(path: string, removed: readonly string[]): boolean {
  return removed.some(
    (r) => r === "" || path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`),
  );
}
