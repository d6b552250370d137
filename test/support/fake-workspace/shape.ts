/**
 * The field sets of the API's typed messages, as the Databricks SDKs generate them, and the three
 * things the fake does with them: drop what a message does not have, list what it does not have
 * (unknown request fields, stray response fields), and list what it must always have (fields the
 * service always fills in, such as ids and timestamps).
 *
 * Only names and nesting are modelled; value types and enums are the stores' business.
 */

/** A field whose value is not a message: a string, number, boolean, enum, or a list of them. */
export const VALUE = "value" as const;
/** A message the fake does not descend into (content accepted and returned as is). */
export const OPAQUE = "opaque" as const;

export type FieldShape = typeof VALUE | typeof OPAQUE | Message | MapOf;

export interface Message {
  readonly kind: "message";
  /** Where the field list comes from, e.g. "databricks-sdk-py serving.py ServingEndpointDetailed". */
  readonly source: string;
  readonly fields: Readonly<Record<string, FieldShape>>;
  /** Fields every response carries (ASSUMPTION where the SDK marks them optional). */
  readonly present: readonly string[];
}

/** A map with free keys (`Dict[str, T]`). */
export interface MapOf {
  readonly kind: "map";
  readonly values: FieldShape;
}

export function message(
  source: string,
  fields: Record<string, FieldShape>,
  present: readonly string[] = [],
): Message {
  for (const name of present) {
    if (!(name in fields)) throw new Error(`${source}: present field ${name} is not a field`);
  }
  return { kind: "message", source, fields, present };
}

/** The same message with more or fewer fields (request messages that differ a little). */
export function variant(
  base: Message,
  source: string,
  changes: { add?: Record<string, FieldShape>; remove?: readonly string[] } = {},
  present: readonly string[] = [],
): Message {
  const fields = { ...base.fields, ...changes.add };
  for (const name of changes.remove ?? []) delete fields[name];
  return message(source, fields, present);
}

export function mapOf(values: FieldShape): MapOf {
  return { kind: "map", values };
}

/** A message with no fields: `{}` (delete answers and the like). */
export const EMPTY = message("an empty response message", {});

type Json = unknown;

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Walks `value` along `shape`, calling `visit` for each field path a message does not have. */
function walk(value: Json, shape: FieldShape, path: string, visit: (path: string) => void): Json {
  if (shape === VALUE || shape === OPAQUE) return value;
  if (Array.isArray(value)) {
    return value.map((item, index) => walk(item, shape, `${path}[${index}]`, visit));
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    const keyPath = path === "" ? key : `${path}.${key}`;
    const inner = shape.kind === "map" ? shape.values : shape.fields[key];
    if (inner === undefined) {
      visit(keyPath);
      continue;
    }
    out[key] = walk(item, inner, keyPath, visit);
  }
  return out;
}

/** A copy of `value` without the fields `shape` does not have (at any depth). */
export function keepKnown(value: Json, shape: FieldShape): Json {
  return walk(value, shape, "", () => undefined);
}

/** Paths of the fields `shape` does not have, e.g. ["config.served_entities[0].entity_nmae"]. */
export function unknownFields(value: Json, shape: FieldShape): string[] {
  const found: string[] = [];
  walk(value, shape, "", (path) => found.push(path));
  return found;
}

/** Paths of `present` fields that are absent, in `value` and in every message nested in it. */
export function missingFields(value: Json, shape: FieldShape, path = ""): string[] {
  if (shape === VALUE || shape === OPAQUE) return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => missingFields(item, shape, `${path}[${index}]`));
  }
  if (!isPlainObject(value)) return [];
  const at = (key: string): string => (path === "" ? key : `${path}.${key}`);
  if (shape.kind === "map") {
    return Object.entries(value).flatMap(([key, item]) =>
      missingFields(item, shape.values, at(key)),
    );
  }
  const missing = shape.present.filter((name) => value[name] == null).map(at);
  for (const [key, item] of Object.entries(value)) {
    const inner = shape.fields[key];
    if (inner !== undefined) missing.push(...missingFields(item, inner, at(key)));
  }
  return missing;
}
