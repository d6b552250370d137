import {
  buildDriftReport,
  exceedance,
  isBreach,
  type Threshold,
} from "../../../cli/day2/drift/drift-report";
import {
  STATISTIC_COLUMNS,
  type DriftStatisticsRow,
} from "../../../cli/day2/drift/drift-statistics-sql";

const alias = (statistic: string) =>
  STATISTIC_COLUMNS.find((c) => c.statistic === statistic)?.alias as string;

function stats(
  model_index: number,
  column: string,
  values: Record<string, number | null>,
): DriftStatisticsRow {
  return {
    model_index,
    column_name: column,
    drift_type: "CONSECUTIVE",
    granularity: "1 day",
    window_start: new Date("2025-01-07T00:00:00Z"),
    window_end: new Date("2025-01-08T00:00:00Z"),
    ...Object.fromEntries(Object.entries(values).map(([s, v]) => [alias(s), v])),
  };
}

const threshold = (
  model: string,
  column: string,
  statistic: string,
  severity: string,
  comparator: string,
  value: number,
): Threshold => ({
  model,
  column,
  statistic,
  driftType: "CONSECUTIVE",
  severity,
  comparator,
  value,
});

describe("drift report", () => {
  it("compares like the alert query: strict or not, and a missing statistic is no breach", () => {
    expect(isBreach(0.2, ">", 0.2)).toBe(false);
    expect(isBreach(0.2, ">=", 0.2)).toBe(true);
    expect(isBreach(0.001, "<", 0.01)).toBe(true);
    expect(isBreach(null, "<", 0.01)).toBe(false);
    expect(exceedance(0.3, ">", 0.2)).toBeCloseTo(0.5);
    expect(exceedance(0.005, "<", 0.01)).toBeCloseTo(0.5);
    expect(exceedance(0.1, ">", 0.2)).toBeCloseTo(-0.5);
  });

  it("sorts critical, then warning, then ok by closeness, then no data; the worst breach first", () => {
    const models = [
      { model: "a", driftMetricsTable: "c.s.a_drift_metrics" },
      { model: "b", driftMetricsTable: "c.s.b_drift_metrics" },
    ];
    const report = buildDriftReport(
      models,
      [
        stats(0, "x", { js_distance: 0.15, population_stability_index: 0.05 }),
        stats(1, "x", { js_distance: 0.5 }),
        stats(1, "y", { js_distance: 0.3 }),
      ],
      [
        ...["a", "b"].flatMap((m) => [
          threshold(m, "x", "js_distance", "warning", ">", 0.1),
          threshold(m, "x", "js_distance", "critical", ">", 0.2),
        ]),
        threshold("b", "y", "js_distance", "critical", ">", 0.2),
        threshold("a", "x", "population_stability_index", "warning", ">", 0.1),
        threshold("a", "gone", "js_distance", "warning", ">", 0.1),
      ],
    );
    expect(report.rows.map((r) => [r.status, r.model, r.column, r.statistic])).toEqual([
      ["critical", "b", "x", "js_distance"], // 150% past
      ["critical", "b", "y", "js_distance"], // 50% past
      ["warning", "a", "x", "js_distance"],
      ["ok", "a", "x", "population_stability_index"],
      ["no-data", "a", "gone", "js_distance"],
    ]);
    expect(report.models.map((m) => m.status)).toEqual(["breach", "breach"]);
  });

  it("reports a threshold it cannot evaluate instead of dropping it silently", () => {
    const report = buildDriftReport(
      [{ model: "a", driftMetricsTable: "t" }],
      [],
      [threshold("a", "x", "js_distance", "warning", "!=", 1)],
    );
    expect(report.problems).toEqual([
      'a: threshold x js_distance CONSECUTIVE has comparator "!="; the alert counts it as a breach',
    ]);
    expect(report.models[0]?.status).toBe("no-metrics");
  });

  it("reports a threshold on a statistic the drift metrics table does not have", () => {
    const report = buildDriftReport(
      [{ model: "a", driftMetricsTable: "t" }],
      [],
      [threshold("a", "x", "kl_divergence", "critical", ">", 0.1)],
    );
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(
      /^a: threshold x kl_divergence CONSECUTIVE names a statistic the drift metrics table does not have \(known: .*js_distance.*\); the alert counts it as a breach$/,
    );
    expect(report.rows).toEqual([]);
  });
});
