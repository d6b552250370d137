import { invalidParameter } from "./errors";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads fields of a request body and rejects bad ones with 400 INVALID_PARAMETER_VALUE, naming
 * the field by its full path (e.g. "evaluation.source.name") so a failing test says what was
 * wrong. Absent and `null` are treated alike.
 */
export class Fields {
  private constructor(
    readonly raw: JsonObject,
    private readonly prefix: string,
  ) {}

  /** `value` must be an object; `path` names it in messages ("" for the whole body). */
  static of(value: unknown, path = ""): Fields {
    if (!isObject(value)) {
      throw invalidParameter(
        path === "" ? "Request body must be a JSON object" : `Field ${path} must be an object`,
      );
    }
    return new Fields(value, path);
  }

  path(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}.${key}`;
  }

  has(key: string): boolean {
    return this.raw[key] != null;
  }

  private missing(key: string): never {
    throw invalidParameter(`Missing required field: ${this.path(key)}`);
  }

  private wrongType(key: string, expected: string): never {
    throw invalidParameter(`Field ${this.path(key)} must be ${expected}`);
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value == null) return undefined;
    if (typeof value !== "string") this.wrongType(key, "a string");
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") this.missing(key);
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw[key];
    if (value == null) return undefined;
    if (typeof value !== "boolean") this.wrongType(key, "a boolean");
    return value;
  }

  requiredBoolean(key: string): boolean {
    return this.boolean(key) ?? this.missing(key);
  }

  integer(key: string, range: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.raw[key];
    if (raw == null) return undefined;
    // int64 fields arrive as JSON numbers or, from some clients, as decimal strings.
    const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isInteger(value)) this.wrongType(key, "an integer");
    if (
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max)
    ) {
      throw invalidParameter(
        `Field ${this.path(key)} must be between ${range.min ?? "-inf"} and ${range.max ?? "inf"}, got ${value}`,
      );
    }
    return value;
  }

  requiredInteger(key: string, range: { min?: number; max?: number } = {}): number {
    return this.integer(key, range) ?? this.missing(key);
  }

  number(key: string): number | undefined {
    const value = this.raw[key];
    if (value == null) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) this.wrongType(key, "a number");
    return value;
  }

  enumValue<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParameter(
        `Invalid value '${value}' for ${this.path(key)}; expected one of: ${allowed.join(", ")}`,
      );
    }
    return value as T;
  }

  requiredEnum<T extends string>(key: string, allowed: readonly T[]): T {
    return this.enumValue(key, allowed) ?? this.missing(key);
  }

  object(key: string): Fields | undefined {
    const value = this.raw[key];
    if (value == null) return undefined;
    return Fields.of(value, this.path(key));
  }

  requiredObject(key: string): Fields {
    return this.object(key) ?? this.missing(key);
  }

  /** Each element as Fields, named `key[i]` in messages. */
  objects(key: string): Fields[] | undefined {
    return this.array(key)?.map((item, index) => Fields.of(item, `${this.path(key)}[${index}]`));
  }

  array(key: string): unknown[] | undefined {
    const value = this.raw[key];
    if (value == null) return undefined;
    if (!Array.isArray(value)) this.wrongType(key, "an array");
    return value;
  }

  strings(key: string): string[] | undefined {
    const values = this.array(key);
    if (values === undefined) return undefined;
    if (!values.every((item): item is string => typeof item === "string")) {
      this.wrongType(key, "an array of strings");
    }
    return values;
  }

  /** Exactly one of `keys` must be present; returns it. */
  exactlyOne<K extends string>(keys: readonly K[], what = "one of"): K {
    const present = keys.filter((key) => this.has(key));
    if (present.length !== 1) {
      const where = this.prefix === "" ? "the request" : this.prefix;
      throw invalidParameter(
        `Exactly ${what} ${keys.join(", ")} must be set in ${where}` +
          (present.length > 1 ? ` (got ${present.join(", ")})` : ""),
      );
    }
    return present[0] as K;
  }
}

/** Quartz cron has 6 or 7 fields. ASSUMPTION: the fake checks only that, not the field syntax. */
export function checkQuartzCron(fields: Fields, key: string): string {
  const expression = fields.requiredString(key);
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) {
    throw invalidParameter(
      `Invalid quartz cron expression for ${fields.path(key)}: '${expression}' (expected 6 or 7 fields)`,
    );
  }
  return expression;
}

/** Timezone ids are Java ids; ASSUMPTION: the fake accepts what the IANA database in Node knows. */
export function checkTimezone(fields: Fields, key: string): string {
  const zone = fields.requiredString(key);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw invalidParameter(`Invalid timezone id for ${fields.path(key)}: '${zone}'`);
  }
  return zone;
}
