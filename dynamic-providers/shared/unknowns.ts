/**
 * During preview the engine hands `check` and `diff` this string for every value that is not
 * known yet, whatever the property's type (pulumi/pulumi#6310). A number, list or object input
 * can therefore arrive as this string: test for it before using a value.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value or anything inside it (arrays, objects) is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value as Record<string, unknown>).some(containsUnknown);
  }
  return false;
}
