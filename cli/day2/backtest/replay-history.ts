import { TABLE_LEVEL_COLUMN } from "../../../core/columns";
import { DRIFT_STATISTIC_NAMES } from "../../../core/drift-statistics";
import { DRIFT_TYPES, SEVERITIES, type Severity } from "../../../core/enums";
import { readingOutcome } from "../../../core/threshold-comparison";
import { DATA_QUALITY, isComparator, type ThresholdRow } from "../../../core/threshold-rows";
import { STATISTIC_COLUMNS, type DriftStatisticsRow } from "../drift/drift-statistics-sql";
import type {
  BacktestModel,
  BacktestReading,
  BacktestSeverity,
  BacktestSideSummary,
  BacktestWindowSide,
} from "./output-schema";
import type { ProfileHistoryRow } from "./profile-history-sql";

/**
 * Replays a model's alerts over its metric history: per severity and finished window, each
 * threshold's statistic in that window compared the way the alert compares it
 * (core/threshold-comparison.ts), once with the current and once with the proposed thresholds.
 * A window fires when any threshold of the severity is in breach (the alert's `violations >= 1`);
 * a statistic the window lacks is reported as missing, never as a pass. Pure.
 */

export interface ReplayModel {
  model: string;
  /** Why its history could not be read. */
  failure?: string;
  /** Its metric tables do not exist yet: what to say. */
  waiting?: string;
}

export interface ReplayInput {
  models: readonly ReplayModel[];
  drift: readonly DriftStatisticsRow[];
  profile: readonly ProfileHistoryRow[];
  /** Model name -> threshold rows; a model without an entry has none on that side. */
  current: ReadonlyMap<string, readonly ThresholdRow[]>;
  proposed: ReadonlyMap<string, readonly ThresholdRow[]>;
  weeks: number;
  maxAlertsPerWeek?: number;
}

export interface Replay {
  models: BacktestModel[];
  problems: string[];
  notReplayed: string[];
}

/** Depend on the time of evaluation, not on a window's metrics: not in the history. */
const NOT_REPLAYABLE = ["staleness_hours", "metrics_age_hours"];

const keyOf = (...parts: string[]) => parts.join("\u0000");
const toIso = (value: Date | string): string =>
  (value instanceof Date ? value : new Date(value)).toISOString();
const numberOrNull = (raw: unknown): number | null =>
  raw === null || raw === undefined || Number.isNaN(Number(raw)) ? null : Number(raw);

interface Window {
  granularity: string;
  start: string;
  end: string;
}

/** One model's history, indexed by window. */
class History {
  readonly windows = new Map<string, Window>();
  private readonly drift = new Map<string, DriftStatisticsRow>();
  private readonly profile = new Map<string, ProfileHistoryRow>();

  addDrift(row: DriftStatisticsRow): void {
    const window = this.addWindow(row.granularity, row.window_start, row.window_end);
    this.drift.set(keyOf(row.column_name, row.drift_type, window), row);
  }

  addProfile(row: ProfileHistoryRow): void {
    const start = toIso(row.window_start);
    if (row.column_name === TABLE_LEVEL_COLUMN)
      this.addWindow(row.granularity, row.window_start, row.window_end);
    this.profile.set(keyOf(row.column_name, keyOf(row.granularity, start)), row);
  }

  private addWindow(granularity: string, start: Date | string, end: Date | string): string {
    const key = keyOf(granularity, toIso(start));
    if (!this.windows.has(key))
      this.windows.set(key, { granularity, start: toIso(start), end: toIso(end) });
    return key;
  }

  /** The threshold's statistic in the window, null when the window has none. */
  value(threshold: ThresholdRow, window: string): number | null {
    if (threshold.driftType === DATA_QUALITY) {
      const table = this.profile.get(keyOf(TABLE_LEVEL_COLUMN, window));
      const rows = numberOrNull(table?.row_count);
      if (threshold.statistic === "row_count_ratio") {
        const previous = numberOrNull(table?.previous_count);
        return rows === null || previous === null || previous === 0 ? null : rows / previous;
      }
      const nulls = numberOrNull(this.profile.get(keyOf(threshold.column, window))?.num_nulls);
      return nulls === null || rows === null || rows === 0 ? null : nulls / rows;
    }
    const row = this.drift.get(keyOf(threshold.column, threshold.driftType, window));
    const alias = STATISTIC_COLUMNS.find((s) => s.statistic === threshold.statistic)?.alias;
    return row === undefined || alias === undefined ? null : numberOrNull(row[alias]);
  }
}

/** Can the history replay this row? Unknown names are a problem; time-bound checks are not replayed. */
function replayable(row: ThresholdRow): "yes" | "not-replayable" | "invalid" {
  if (!isComparator(row.comparator)) return "invalid";
  if (row.driftType === DATA_QUALITY) {
    if (NOT_REPLAYABLE.includes(row.statistic)) return "not-replayable";
    return row.statistic === "null_rate" || row.statistic === "row_count_ratio" ? "yes" : "invalid";
  }
  return (DRIFT_TYPES as readonly string[]).includes(row.driftType) &&
    (DRIFT_STATISTIC_NAMES as readonly string[]).includes(row.statistic)
    ? "yes"
    : "invalid";
}

function windowSide(
  history: History,
  thresholds: readonly ThresholdRow[],
  window: string,
): BacktestWindowSide {
  const breaches: BacktestReading[] = [];
  const missing: BacktestReading[] = [];
  for (const t of thresholds) {
    if (!isComparator(t.comparator)) continue;
    const value = history.value(t, window);
    const reading: BacktestReading = {
      column: t.column,
      statistic: t.statistic,
      checkType: t.driftType,
      comparator: t.comparator,
      threshold: t.value,
      value,
    };
    const outcome = readingOutcome(value, t.comparator, t.value);
    if (outcome === "breach") breaches.push(reading);
    else if (outcome === "missing") missing.push(reading);
  }
  const status = breaches.length > 0 ? "fired" : missing.length > 0 ? "missing" : "quiet";
  return { status, breaches, missing };
}

function summary(
  thresholds: number,
  sides: ReadonlyArray<BacktestWindowSide | null>,
  weeks: number,
): BacktestSideSummary {
  const of = (status: BacktestWindowSide["status"]) =>
    sides.filter((s) => s?.status === status).length;
  const fired = of("fired");
  return {
    thresholds,
    fired,
    missing: of("missing"),
    quiet: of("quiet"),
    perWeek: weeks > 0 ? Number((fired / weeks).toFixed(3)) : fired,
  };
}

export function replayHistory(input: ReplayInput): Replay {
  const problems = new Set<string>();
  const notReplayed = new Set<string>();
  const histories = input.models.map(() => new History());
  for (const row of input.drift) histories[Number(row.model_index)]?.addDrift(row);
  for (const row of input.profile) histories[Number(row.model_index)]?.addProfile(row);

  const usable = (model: string, side: string, rows: readonly ThresholdRow[] | undefined) =>
    (rows ?? []).filter((row) => {
      const verdict = replayable(row);
      if (verdict === "not-replayable") notReplayed.add(row.statistic);
      if (verdict === "invalid")
        problems.add(
          `${model}: ${side} threshold ${row.column} ${row.statistic} ${row.driftType} ${row.comparator} cannot be evaluated (unknown statistic, check type or comparator); the alert counts it as a breach`,
        );
      return verdict === "yes";
    });

  const models = input.models.map((model, index): BacktestModel => {
    const history = histories[index] as History;
    const current = usable(model.model, "current", input.current.get(model.model));
    const proposed = usable(model.model, "proposed", input.proposed.get(model.model));
    if (model.failure !== undefined || model.waiting !== undefined || history.windows.size === 0) {
      return {
        model: model.model,
        status: model.failure !== undefined ? "error" : "no-metrics",
        message:
          model.failure ??
          model.waiting ??
          "no finished metrics window in the period: nothing to replay",
        severities: [],
      };
    }
    const windows = [...history.windows.entries()].sort(
      ([, a], [, b]) =>
        a.start.localeCompare(b.start) || a.granularity.localeCompare(b.granularity),
    );
    const severities = SEVERITIES.flatMap((severity): BacktestSeverity[] => {
      const of = (rows: readonly ThresholdRow[]) => rows.filter((r) => r.severity === severity);
      const [now, next] = [of(current), of(proposed)];
      if (now.length === 0 && next.length === 0) return [];
      const replayed = windows.map(([key, w]) => ({
        granularity: w.granularity,
        windowStart: w.start,
        windowEnd: w.end,
        current: now.length === 0 ? null : windowSide(history, now, key),
        proposed: next.length === 0 ? null : windowSide(history, next, key),
      }));
      const proposedSummary =
        next.length === 0
          ? null
          : summary(
              next.length,
              replayed.map((w) => w.proposed),
              input.weeks,
            );
      return [
        {
          severity: severity as Severity,
          current:
            now.length === 0
              ? null
              : summary(
                  now.length,
                  replayed.map((w) => w.current),
                  input.weeks,
                ),
          proposed: proposedSummary,
          overBudget:
            input.maxAlertsPerWeek !== undefined &&
            proposedSummary !== null &&
            proposedSummary.perWeek > input.maxAlertsPerWeek,
          windows: replayed,
        },
      ];
    });
    return { model: model.model, status: "ok", message: null, severities };
  });
  return { models, problems: [...problems], notReplayed: [...notReplayed].sort() };
}
