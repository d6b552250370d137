import { prefixPath } from "../problems";
import { EXCLUSIVE_GROUPS, type Layer } from "./layers";

/**
 * Where each merged value came from: the same walk as `mergeLayers` (mappings merge key by
 * key, lists and scalars replace, exclusive groups drop each other), but recording, per leaf,
 * the layer that set it and the values of earlier layers it replaced. It only reads the
 * layers; the resolved values are mergeLayers' (a test checks the two agree).
 */

export type LayerKind = "template" | "model file" | "stack" | "stack override";

export interface SetBy {
  layer: LayerKind;
  file: string;
  /** Full key path inside the file, e.g. `model-monitoring:models.churn.serving.workloadSize`. */
  keyPath: string;
  value: unknown;
}

export interface ValueOrigin extends SetBy {
  /** Dot path of the setting, e.g. `serving.workloadSize`. */
  path: string;
  /** Earlier layers' values this one replaced (a different value), oldest first. */
  replaced: SetBy[];
}

/** A value an exclusive group dropped: a later layer set another key of its group. */
export interface DroppedValue extends SetBy {
  path: string;
  droppedBy: SetBy & { path: string };
}

export interface Origins {
  values: Map<string, ValueOrigin>;
  dropped: DroppedValue[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const join = (base: string, key: string) => (base === "" ? key : `${base}.${key}`);

/** The kind of each layer, in resolve/model.ts's order: template, model file, stack x2, override. */
export function layerKinds(layers: readonly Layer[]): LayerKind[] {
  return layers.map((_, i) =>
    i === 0
      ? "template"
      : i === 1
        ? "model file"
        : i === layers.length - 1
          ? "stack override"
          : "stack",
  );
}

export function trackOrigins(layers: readonly Layer[], skipKeys: readonly string[] = []): Origins {
  const values = new Map<string, ValueOrigin>();
  const dropped: DroppedValue[] = [];
  const kinds = layerKinds(layers);

  /** mergeValues' dropReplacedGroups: a layer touching a group drops the other keys. */
  const dropGroups = (value: Record<string, unknown>, path: string, setter: SetBy) => {
    const groups = EXCLUSIVE_GROUPS[path] ?? [];
    for (const group of groups) {
      const touching = group.find((key) => value[key] !== undefined);
      if (touching === undefined) continue;
      // At the top level the group drops its own other keys; in serving, the other groups.
      const others = path === "" ? group : groups.filter((g) => g !== group).flat();
      for (const key of others.filter((k) => value[k] === undefined)) {
        const prefix = join(path, key);
        for (const [existing, origin] of [...values]) {
          if (existing !== prefix && !existing.startsWith(`${prefix}.`)) continue;
          values.delete(existing);
          dropped.push({
            ...setByOf(origin),
            path: existing,
            droppedBy: { ...setter, path: join(path, touching) },
          });
        }
      }
    }
  };

  const walk = (value: Record<string, unknown>, path: string, layer: Layer, kind: LayerKind) => {
    const keyPath = (p: string) => prefixPath(layer.prefix, p);
    dropGroups(value, path, { layer: kind, file: layer.file, keyPath: keyPath(path), value });
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      const childPath = join(path, key);
      if (isPlainObject(child)) {
        walk(child, childPath, layer, kind);
        continue;
      }
      const earlier = values.get(childPath);
      const replaced = earlier
        ? [...earlier.replaced, ...(sameValue(earlier.value, child) ? [] : [setByOf(earlier)])]
        : [];
      values.set(childPath, {
        path: childPath,
        layer: kind,
        file: layer.file,
        keyPath: keyPath(childPath),
        value: child,
        replaced,
      });
    }
  };

  layers.forEach((layer, i) => {
    const value: Record<string, unknown> = { ...layer.value };
    for (const key of skipKeys) delete value[key];
    walk(value, "", layer, kinds[i] ?? "stack");
  });
  // A value dropped by a group and set again by a later layer was replaced, not dropped.
  const stillDropped = dropped.filter((d) => {
    const now = values.get(d.path);
    if (!now) return true;
    if (!sameValue(now.value, d.value)) now.replaced.push(setByOf({ ...d, replaced: [] }));
    return false;
  });
  return { values, dropped: stillDropped };
}

function setByOf(origin: ValueOrigin): SetBy {
  return { layer: origin.layer, file: origin.file, keyPath: origin.keyPath, value: origin.value };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
