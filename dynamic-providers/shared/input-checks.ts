import type * as pulumi from "@pulumi/pulumi";
import { isUnknown, UNKNOWN } from "./unknowns";

/**
 * Validators for a provider's `check`. Each records a failure (property + reason) instead of
 * throwing, so the user sees every problem at once, and lets a preview-unknown value through
 * untouched: it is checked again once known.
 */
export class InputChecks {
  readonly failures: pulumi.dynamic.CheckFailure[] = [];

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** A `catalog.schema.table` name (Unity Catalog's three-level name). */
  tableName(property: string, value: unknown): string {
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "string" || !/^[^.\s`]+\.[^.\s`]+\.[^.\s`]+$/.test(value.trim())) {
      this.fail(
        property,
        `must be a table name catalog.schema.table, got ${JSON.stringify(value)}`,
      );
      return String(value);
    }
    return value.trim();
  }

  optionalString(property: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return UNKNOWN;
    if (typeof value !== "string")
      this.fail(property, `must be a string, got ${JSON.stringify(value)}`);
    return String(value);
  }

  /** A number > 0 (an unknown passes as the sentinel), `fallback` when absent. */
  positiveNumber(property: string, value: unknown, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    if (isUnknown(value)) return value as unknown as number;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      this.fail(property, `must be a positive number, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  optionalNumber(property: string, value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (isUnknown(value)) return value as unknown as number;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.fail(property, `must be a number, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  boolean(property: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (isUnknown(value)) return value as unknown as boolean;
    if (typeof value !== "boolean") {
      this.fail(property, `must be true or false, got ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }
}

/** Table names compare like Unity Catalog compares them: case-insensitively. */
export function sameTableName(a: unknown, b: unknown): boolean {
  return (
    typeof a === "string" &&
    typeof b === "string" &&
    a.trim().toLowerCase() === b.trim().toLowerCase()
  );
}
