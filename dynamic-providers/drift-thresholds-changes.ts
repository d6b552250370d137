import type * as pulumi from "@pulumi/pulumi";
import { thresholdKey, type ThresholdRow } from "../core/threshold-rows";
import type { ThresholdChanges } from "../sql/thresholds-table";
import { containsUnknown, isUnknown } from "./shared/unknowns";

/**
 * Pure comparisons for the DriftThresholds provider: what differs between live rows (old
 * outputs, refreshed by `read`) and desired rows (new inputs), and which statements that needs.
 */

export type ThresholdMap = Record<string, ThresholdRow>;

/** Identity inputs: a change means the rows live elsewhere, so the resource is replaced. */
export const IDENTITY_INPUTS = ["table", "model"] as const;

function sameRow(a: ThresholdRow, b: ThresholdRow): boolean {
  return (
    a.column === b.column &&
    a.statistic === b.statistic &&
    a.driftType === b.driftType &&
    a.severity === b.severity &&
    a.comparator === b.comparator &&
    a.value === b.value
  );
}

export function sameThresholds(a: ThresholdMap, b: ThresholdMap): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      (key) => b[key] !== undefined && sameRow(a[key] as ThresholdRow, b[key] as ThresholdRow),
    )
  );
}

/** Unity Catalog names are case-insensitive: `ML.Monitoring.T` is the same table as `ml.monitoring.t`. */
function sameIdentity(
  name: (typeof IDENTITY_INPUTS)[number],
  old: unknown,
  desired: unknown,
): boolean {
  if (name === "table" && typeof old === "string" && typeof desired === "string") {
    return old.toLowerCase() === desired.toLowerCase();
  }
  return old === desired;
}

/** `diff`: live outputs against desired inputs; either may hold preview unknowns. */
export function diffThresholds(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  const replaces = IDENTITY_INPUTS.filter(
    (name) => isUnknown(news[name]) || !sameIdentity(name, olds[name], news[name]),
  );
  const rowsUnknown = containsUnknown(news.thresholds);
  const rowsDiffer =
    rowsUnknown ||
    !sameThresholds(
      (olds.thresholds ?? {}) as ThresholdMap,
      (news.thresholds ?? {}) as ThresholdMap,
    );
  return { changes: replaces.length > 0 || rowsDiffer, replaces: [...replaces] };
}

/**
 * The statements' worth of changes from `live` to `desired`: rows to insert or rewrite, rows to
 * remove. Unchanged rows appear in neither, so a no-op update sends nothing.
 *
 * `live` may hold the same row twice (an out-of-band INSERT; `read` keys the copy
 * `<key> (duplicate 2)`). Removing the copy by key would remove the original too, so such keys
 * come back in `rewrites`: delete every row with that key, then insert the desired one.
 */
export function thresholdChanges(
  live: ThresholdMap,
  desired: ThresholdMap,
): ThresholdChanges & { rewrites: ThresholdRow[] } {
  const upserts: ThresholdRow[] = [];
  const removals: ThresholdRow[] = [];
  const rewrites = new Map<string, ThresholdRow>();
  const desiredByIdentity = new Map(Object.values(desired).map((row) => [thresholdKey(row), row]));
  for (const [key, row] of Object.entries(desired)) {
    const current = live[key];
    if (current === undefined || !sameRow(current, row)) upserts.push(row);
  }
  for (const [key, row] of Object.entries(live)) {
    if (desired[key] !== undefined) continue;
    const identity = thresholdKey(row);
    if (identity !== key) {
      // A duplicate copy: rewrite the key (when still desired) or remove every copy.
      const wanted = desiredByIdentity.get(identity);
      if (wanted !== undefined) rewrites.set(identity, wanted);
      else if (live[identity] === undefined) removals.push(row);
      continue;
    }
    removals.push(row);
  }
  return {
    upserts: upserts.filter((row) => !rewrites.has(thresholdKey(row))),
    removals,
    rewrites: [...rewrites.values()],
  };
}

export function hasChanges(changes: ThresholdChanges & { rewrites: ThresholdRow[] }): boolean {
  return changes.upserts.length + changes.removals.length + changes.rewrites.length > 0;
}

/**
 * Live rows as the resource's `thresholds` map. A key seen again (the table has no unique
 * constraint) gets a ` (duplicate n)` suffix, so refresh shows the copy instead of hiding it.
 */
export function liveThresholds(rows: readonly ThresholdRow[]): ThresholdMap {
  const keyed: ThresholdMap = {};
  for (const row of rows) {
    const key = thresholdKey(row);
    let name = key;
    for (let copy = 2; keyed[name] !== undefined; copy++) name = `${key} (duplicate ${copy})`;
    keyed[name] = row;
  }
  return keyed;
}
