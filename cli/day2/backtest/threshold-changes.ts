import { thresholdKey, type ThresholdRow } from "../../../core/threshold-rows";
import type { ThresholdChange } from "./output-schema";

/** The thresholds that differ between the current and the proposed rows of each model. */
export function thresholdChanges(
  models: readonly string[],
  current: ReadonlyMap<string, readonly ThresholdRow[]>,
  proposed: ReadonlyMap<string, readonly ThresholdRow[]>,
): ThresholdChange[] {
  const changes: ThresholdChange[] = [];
  for (const model of models) {
    const keyed = (rows: readonly ThresholdRow[] | undefined) =>
      new Map((rows ?? []).map((row) => [thresholdKey(row), row]));
    const before = keyed(current.get(model));
    const after = keyed(proposed.get(model));
    const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const key of keys) {
      const a = before.get(key);
      const b = after.get(key);
      if (
        a !== undefined &&
        b !== undefined &&
        a.comparator === b.comparator &&
        a.value === b.value
      )
        continue;
      const ref = (row: ThresholdRow | undefined) =>
        row === undefined ? null : { comparator: row.comparator, value: row.value };
      changes.push({ model, threshold: key, current: ref(a), proposed: ref(b) });
    }
  }
  return changes;
}
