import type { z } from "zod";
import { didYouMean } from "./did-you-mean";
import { type ConfigProblem, joinPath, prefixPath } from "./problems";

/**
 * Turns zod issues into problems that say what is allowed. zod's own messages for unknown
 * keys do not list the allowed keys, so we look them up in the schema.
 */

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  shape?: Record<string, AnySchema>;
  innerType?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  in?: AnySchema;
}

export function defOf(schema: AnySchema): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Follows a key path through objects, optionals, arrays and records. */
export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  let index = 0;
  while (current !== undefined) {
    const def = defOf(current);
    if (def.type === "optional" || def.type === "default" || def.type === "nullable") {
      current = def.innerType;
      continue;
    }
    if (def.type === "pipe") {
      current = def.in;
      continue;
    }
    if (index >= path.length) return current;
    const segment = path[index++];
    if (def.type === "object") current = def.shape?.[String(segment)];
    else if (def.type === "array") current = def.element;
    else if (def.type === "record") current = def.valueType;
    else return undefined;
  }
  return undefined;
}

/** Values are echoed shortened: a 70,000-character description must not fill the screen. */
const ECHO_LIMIT = 80;

function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const shown = JSON.stringify(value);
    return shown.length <= ECHO_LIMIT
      ? shown
      : `${shown.slice(0, ECHO_LIMIT - 4)}..." (${value.length} characters)`;
  }
  return String(value);
}

/**
 * A common fix for a wrong type: YAML reads 3, 1.10 and 0123456789 as numbers and true/false as
 * booleans, so a version, a time or an id written without quotes arrives as one.
 */
function typeHint(expected: string, received: unknown): string {
  if (expected === "string" && (typeof received === "number" || typeof received === "boolean"))
    return `; YAML read it as a ${typeof received}: write it in quotes, e.g. "${String(received)}"`;
  if (expected === "array" && typeof received === "string")
    return `; write a list, e.g. [${JSON.stringify(received)}]`;
  return "";
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function messageFor(issue: z.core.$ZodIssue, schema: AnySchema, input: unknown): string {
  const received = valueAt(input, issue.path);
  switch (issue.code) {
    case "invalid_value": {
      const allowed = issue.values.map((v) => String(v));
      const hint = typeof received === "string" ? didYouMean(received, allowed) : "";
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${describeReceived(received)}${hint}`;
    }
    case "invalid_type":
      return received === undefined
        ? `is required (${issue.expected})`
        : `expected ${issue.expected}, got ${describeReceived(received)}${typeHint(issue.expected, received)}`;
    case "unrecognized_keys": {
      const owner = schemaAt(schema, issue.path);
      const shape = owner ? defOf(owner).shape : undefined;
      const allowed = shape ? Object.keys(shape) : [];
      const keys = issue.keys.map((k) => `"${k}"${didYouMean(k, allowed)}`);
      return `unknown key(s) ${keys.join(", ")}; allowed: ${shape ? allowed.join(", ") : "see the JSON schema"}`;
    }
    case "too_big":
      if (issue.origin === "string" && typeof received === "string")
        return `is too long: at most ${String(issue.maximum)} characters (got ${received.length})`;
      return received === undefined || typeof received === "object"
        ? issue.message
        : `${issue.message} (got ${describeReceived(received)})`;
    case "too_small":
    case "invalid_format":
    case "custom":
    default:
      return received === undefined || typeof received === "object"
        ? issue.message
        : `${issue.message} (got ${describeReceived(received)})`;
  }
}

/** Validates `input` and returns its parsed value, or the problems found. */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
  file: string,
  pathPrefix = "",
): { value?: T; problems: ConfigProblem[] } {
  const result = schema.safeParse(input);
  if (result.success) return { value: result.data, problems: [] };
  const problems = result.error.issues.map((issue) => ({
    file,
    path: prefixPath(pathPrefix, joinPath(issue.path)),
    message: messageFor(issue, schema, input),
  }));
  return { problems };
}
