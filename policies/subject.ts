import { type PlannedResource, UNKNOWN_DISPLAY } from "./planned-resource";

/**
 * What a rule sees of one resource: the offline plan's PlannedResource, or a policy-pack
 * resource converted to the same shape (policies/pack/policy-subject.ts). Values known only
 * after apply are the UNKNOWN marker in both.
 */
export type PolicySubject = Pick<
  PlannedResource,
  "urn" | "type" | "name" | "inputs" | "parentUrn"
> & {
  options: Pick<PlannedResource["options"], "protect" | "retainOnDelete">;
};

export const UNKNOWN = UNKNOWN_DISPLAY;

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** A nested input, or undefined when a step of the path is missing or not an object. */
export function inputAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A nested list; anything else (missing, unknown, not a list) reads as empty. */
export function listAt(value: unknown, ...path: string[]): unknown[] {
  const found = inputAt(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** A nested non-empty string that is known now; undefined otherwise. */
export function textAt(value: unknown, ...path: string[]): string | undefined {
  const found = inputAt(value, ...path);
  return typeof found === "string" && found !== "" && !isUnknown(found) ? found : undefined;
}

export function ofType(resources: readonly PolicySubject[], type: string): PolicySubject[] {
  return resources.filter((r) => r.type === type);
}
