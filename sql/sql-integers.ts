import { describeValue } from "../core/names";

/**
 * A whole number from config rendered as SQL text. The only numeric constants we splice are
 * window sizes (hours, days); checking that they are safe integers within bounds means the
 * rendered text is digits only, with no way to carry anything else into the statement.
 */
export function sqlInteger(value: unknown, what: string, min: number, max: number): string {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(
      `invalid ${what} ${describeValue(value)}: expected a whole number from ${min} to ${max}`,
    );
  }
  return String(value);
}
