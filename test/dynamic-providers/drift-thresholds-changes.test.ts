import {
  diffThresholds,
  hasChanges,
  liveThresholds,
  sameThresholds,
  thresholdChanges,
} from "../../dynamic-providers/drift-thresholds-changes";
import { keyedThresholds, type ThresholdRow } from "../../core/threshold-rows";

const row = (overrides: Partial<ThresholdRow> = {}): ThresholdRow => ({
  column: "amount",
  statistic: "ks_test.pvalue",
  driftType: "CONSECUTIVE",
  severity: "critical",
  comparator: "<",
  value: 0.01,
  ...overrides,
});
const A = row();
const B = row({ column: "age" });
const C = row({ column: "country", statistic: "js_distance", comparator: ">", value: 0.2 });

describe("thresholdChanges", () => {
  it("is empty when nothing differs", () => {
    const changes = thresholdChanges(keyedThresholds([A, B]), keyedThresholds([B, A]));
    expect(hasChanges(changes)).toBe(false);
  });

  it("upserts new and changed rows (value or comparator) and removes gone ones", () => {
    const changes = thresholdChanges(
      keyedThresholds([A, B, C]),
      keyedThresholds([
        row({ value: 0.05 }),
        row({ column: "age", comparator: "<=" }),
        row({ column: "new" }),
      ]),
    );
    expect(changes.upserts.map((r) => `${r.column}:${r.comparator}${r.value}`)).toEqual([
      "age:<=0.01",
      "amount:<0.05",
      "new:<0.01",
    ]);
    expect(changes.removals).toEqual([C]);
    expect(changes.rewrites).toEqual([]);
  });

  it("rewrites a duplicated key that is still wanted, and removes one that is not", () => {
    const live = liveThresholds([A, row({ value: 0.03 }), C, { ...C, value: 0.4 }]);
    expect(Object.keys(live)).toEqual([
      "amount/ks_test.pvalue/CONSECUTIVE/critical",
      "amount/ks_test.pvalue/CONSECUTIVE/critical (duplicate 2)",
      "country/js_distance/CONSECUTIVE/critical",
      "country/js_distance/CONSECUTIVE/critical (duplicate 2)",
    ]);
    const changes = thresholdChanges(live, keyedThresholds([A]));
    expect(changes.rewrites).toEqual([A]);
    expect(changes.upserts).toEqual([]);
    expect(changes.removals).toEqual([C]); // one removal by key takes every copy
  });
});

describe("diffThresholds", () => {
  const props = (rows: ThresholdRow[], extra: Record<string, unknown> = {}) => ({
    table: "c.s.t",
    model: "m",
    thresholds: keyedThresholds(rows),
    adopt: false,
    ...extra,
  });

  it("compares the rows, not the order or adopt or the provider text", () => {
    expect(
      diffThresholds(
        props([A, B], { __provider: "old" }),
        props([B, A], { adopt: true, __provider: "new" }),
      ),
    ).toEqual({
      changes: false,
      replaces: [],
    });
    expect(diffThresholds(props([A]), props([row({ value: 0.02 })])).changes).toBe(true);
    expect(sameThresholds(keyedThresholds([A]), keyedThresholds([A, B]))).toBe(false);
  });
});
