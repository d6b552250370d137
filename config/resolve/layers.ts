import type { z } from "zod";
import { prefixPath, joinPath } from "../problems";
import type { modelOverridable } from "../schema/model";
import type { schedule } from "../schema/primitives";

type Overridable = z.output<z.ZodObject<typeof modelOverridable>>;

/**
 * What one layer may give: the keys a model's template, its model file, the stack and the
 * stack's per-model override share. The stack's schedule settings reach the monitor's schedule
 * key by key, so there a schedule may lack its cron.
 */
export type LayerValue = Omit<Overridable, "monitor"> & {
  monitor?: Omit<NonNullable<Overridable["monitor"]>, "schedule"> & {
    schedule?: Partial<z.output<typeof schedule>>;
  };
};

/**
 * A layer is one source of model settings: the template, the model file, the stack's
 * stack-wide settings, or the stack's per-model override. Later layers win.
 */
export interface Layer {
  file: string;
  /** Key path of the layer's root inside its file, e.g. `model-monitoring:models.churn`. */
  prefix: string;
  value: LayerValue;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Keys that belong together: when a later layer sets any key of a group, the other keys of
 * that group from earlier layers are dropped. Without this a stack-wide `workloadSize`
 * would collide with a model that asks for provisioned concurrency.
 */
export const EXCLUSIVE_GROUPS: Record<string, readonly (readonly string[])[]> = {
  "": [["version", "alias", "served"]],
  serving: [["workloadSize"], ["minProvisionedConcurrency", "maxProvisionedConcurrency"]],
};

function dropReplacedGroups(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  path: string,
) {
  const groups = EXCLUSIVE_GROUPS[path];
  // Always a copy: `base` may be an earlier layer's own object (e.g. the stack-wide settings
  // every model shares), which merging must never modify.
  const result = { ...base };
  if (!groups) return result;
  const overrideTouches = (group: readonly string[]) =>
    group.some((key) => override[key] !== undefined);
  if (path === "") {
    // version/alias/served form one group: any of them replaces all of them.
    const group = groups[0] ?? [];
    if (overrideTouches(group)) for (const key of group) delete result[key];
    return result;
  }
  for (const group of groups) {
    if (!overrideTouches(group)) continue;
    for (const other of groups) if (other !== group) for (const key of other) delete result[key];
  }
  return result;
}

/** Deep merge: mappings merge key by key, lists and scalars are replaced. */
export function mergeValues(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
  path = "",
): Record<string, unknown> {
  const result = dropReplacedGroups(base, override, path);
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const existing = result[key];
    const childPath = path === "" ? key : `${path}.${key}`;
    result[key] =
      isPlainObject(existing) && isPlainObject(value)
        ? mergeValues(existing, value, childPath)
        : value;
  }
  return result;
}

export function mergeLayers(
  layers: readonly Layer[],
  skipKeys: readonly string[] = [],
): Record<string, unknown> {
  let merged: Record<string, unknown> = {};
  for (const layer of layers) {
    const value: Record<string, unknown> = { ...layer.value };
    for (const key of skipKeys) delete value[key];
    merged = mergeValues(merged, value);
  }
  return merged;
}

function has(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current))
      current = typeof segment === "number" ? current[segment] : undefined;
    else if (isPlainObject(current)) current = current[String(segment)];
    else return false;
    if (current === undefined) return false;
  }
  return true;
}

/** The file and full key path where the effective value at `path` was set. */
export function originOf(
  layers: readonly Layer[],
  path: readonly PropertyKey[],
): { file: string; path: string } {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer && has(layer.value, path))
      return { file: layer.file, path: prefixPath(layer.prefix, joinPath(path)) };
  }
  const last = layers[layers.length - 1];
  return { file: last?.file ?? "", path: prefixPath(last?.prefix ?? "", joinPath(path)) };
}
