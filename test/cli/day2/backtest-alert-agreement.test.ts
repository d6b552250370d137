import type { BacktestOutput } from "../../../cli/day2/backtest/output-schema";
import { startDay2Harness, type Day2Harness } from "./support/harness";
import { DRIFTING, fraudModel, seedMetricHistory, seedModel } from "./support/scenarios";

/**
 * backtest replays in TypeScript the comparison the alerts make in SQL (core/threshold-comparison
 * against sql/alert-drift-checks). Over the same metric rows they must agree: for the newest
 * finished window, backtest's "current" side fires on exactly the drift thresholds the alert
 * query (run by check-thresholds) reports in breach, per model and severity.
 */

const DAY = 86_400_000;
const WINDOWS = 4;
const start = new Date(Math.floor(Date.now() / DAY) * DAY - WINDOWS * DAY);

let h: Day2Harness;
beforeAll(async () => {
  h = await startDay2Harness({ drifting: fraudModel(), mild: fraudModel(), stable: fraudModel() });
  const latest = WINDOWS - 1;
  const overrides = {
    drifting: DRIFTING.map((o) => ({ ...o, window: latest })),
    // Between the warning (0.1) and the critical (0.25) PSI of the template; ks_test p exactly
    // at its limit (a strict comparison: no breach).
    mild: [
      {
        table: "drift" as const,
        column: "amount",
        window: latest,
        values: { population_stability_index: 0.15 },
      },
      {
        table: "drift" as const,
        column: "amount",
        window: latest,
        values: { ks_test: { statistic: 0.2, pvalue: 0.01 } },
      },
    ],
    stable: [],
  };
  for (const [name, modelOverrides] of Object.entries(overrides)) {
    const spec = await seedModel(h, name, { metrics: "missing" });
    await seedMetricHistory(h, spec, { start, windows: WINDOWS, overrides: modelOverrides });
  }
});
afterAll(() => h.close());

interface CheckRow {
  model: string;
  severity: string;
  breaches: string[];
}

/** "amount ks_test.pvalue CONSECUTIVE 1 day: 0.001 < 0.01" -> "amount ks_test.pvalue CONSECUTIVE". */
const fromAlert = (breach: string) => breach.split(" ").slice(0, 3).join(" ");

it("fires on the same drift thresholds as the alert query, for the newest window", async () => {
  const check = await h.run(["check-thresholds", "--stack", "dev", "--json"]);
  const backtest = await h.run([
    "backtest",
    "--stack",
    "dev",
    "--days",
    String(WINDOWS + 1),
    "--json",
  ]);
  expect(backtest.stderr).toBe("");
  const alerts = new Map(
    check.json<{ checks: CheckRow[] }>().checks.map((c) => [
      `${c.model} ${c.severity}`,
      c.breaches
        .filter((b) => / (CONSECUTIVE|BASELINE) /.test(b))
        .map(fromAlert)
        .sort(),
    ]),
  );
  const replayed = new Map(
    backtest.json<BacktestOutput>().models.flatMap((m) =>
      m.severities.map((s) => {
        const newest = s.windows[s.windows.length - 1];
        const breaches = (newest?.current?.breaches ?? []).map(
          (b) => `${b.column} ${b.statistic} ${b.checkType}`,
        );
        return [`${m.model} ${s.severity}`, breaches.sort()] as const;
      }),
    ),
  );
  expect(Object.fromEntries(replayed)).toEqual(Object.fromEntries(alerts));
  // Not vacuous: the seeded histories breach where intended, and only there.
  expect(alerts.get("drifting critical")).toEqual(["amount ks_test.pvalue CONSECUTIVE"]);
  expect(alerts.get("drifting warning")).toEqual(["merchant_category js_distance CONSECUTIVE"]);
  expect(alerts.get("mild warning")).toEqual(["amount population_stability_index CONSECUTIVE"]);
  expect(alerts.get("mild critical")).toEqual([]);
  expect(alerts.get("stable warning")).toEqual([]);
});
