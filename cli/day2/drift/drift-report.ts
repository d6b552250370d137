import {
  COMPARATORS,
  DRIFT_STATISTIC_NAMES,
  type Comparator,
} from "../../../core/drift-statistics";
import { WAITING_FOR_FIRST_WINDOW } from "../../../core/model-stage";
import type { ThresholdRow } from "../../../core/threshold-rows";
import { exceedance, isBreach } from "../../../core/threshold-comparison";
import type { DriftRow, ModelDrift } from "../json-output";
import { STATISTIC_COLUMNS, type DriftStatisticsRow } from "./drift-statistics-sql";

/**
 * Puts each model's drift statistics next to its thresholds, decides what is in breach the way
 * the alert query does (a statistic Databricks did not compute is no breach), and sorts the
 * worst first. Pure: the statements that fetch the inputs are elsewhere.
 */

export interface Threshold extends ThresholdRow {
  model: string;
}

export interface ModelInput {
  model: string;
  driftMetricsTable: string;
  /** Why its statistics could not be read, if they could not. */
  failure?: string;
  /** Its metric tables do not exist yet (no data yet, not a failure): what to say. */
  waiting?: string;
}

export interface DriftReport {
  models: ModelDrift[];
  rows: DriftRow[];
  /** Threshold rows that cannot be evaluated (unknown comparator or statistic). */
  problems: string[];
}

// The comparison is shared with backtest (core/threshold-comparison.ts).
export { exceedance, isBreach };

const STATUS_RANK: Record<DriftRow["status"], number> = {
  critical: 0,
  warning: 1,
  ok: 2,
  "no-data": 3,
  "no-threshold": 4,
};

const toIso = (value: Date | string): string =>
  (value instanceof Date ? value : new Date(value)).toISOString();
const keyOf = (...parts: string[]) => parts.join("\u0000");

export function buildDriftReport(
  models: readonly ModelInput[],
  statistics: readonly DriftStatisticsRow[],
  thresholds: readonly Threshold[],
  options: { allStatistics?: boolean } = {},
): DriftReport {
  const problems: string[] = [];
  const byKey = new Map<string, { warning?: Threshold; critical?: Threshold }>();
  for (const threshold of thresholds) {
    if (!(COMPARATORS as readonly string[]).includes(threshold.comparator)) {
      problems.push(
        `${threshold.model}: threshold ${threshold.column} ${threshold.statistic} ${threshold.driftType} has comparator ` +
          `${JSON.stringify(threshold.comparator)}; the alert counts it as a breach`,
      );
      continue;
    }
    if (!(DRIFT_STATISTIC_NAMES as readonly string[]).includes(threshold.statistic)) {
      problems.push(
        `${threshold.model}: threshold ${threshold.column} ${threshold.statistic} ${threshold.driftType} names a statistic ` +
          `the drift metrics table does not have (known: ${DRIFT_STATISTIC_NAMES.join(", ")}); the alert counts it as a breach`,
      );
      continue;
    }
    if (threshold.severity !== "warning" && threshold.severity !== "critical") continue;
    const key = keyOf(threshold.model, threshold.column, threshold.statistic, threshold.driftType);
    const entry = byKey.get(key) ?? {};
    entry[threshold.severity] = threshold;
    byKey.set(key, entry);
  }

  const rows: DriftRow[] = [];
  const matched = new Set<string>();
  const modelStats = new Map<number, DriftStatisticsRow[]>();
  for (const row of statistics) {
    const index = Number(row.model_index);
    modelStats.set(index, [...(modelStats.get(index) ?? []), row]);
  }

  const summaries = models.map((model, index): ModelDrift => {
    const own = model.failure === undefined ? (modelStats.get(index) ?? []) : [];
    let breach = false;
    for (const stat of own) {
      for (const { statistic, alias } of STATISTIC_COLUMNS) {
        const raw = stat[alias];
        const value = raw === null || raw === undefined ? null : Number(raw);
        const key = keyOf(model.model, stat.column_name, statistic, stat.drift_type);
        const limits = byKey.get(key);
        if (limits === undefined && (!options.allStatistics || value === null)) continue;
        if (limits !== undefined) matched.add(key);
        const row = driftRow(
          model.model,
          stat.column_name,
          statistic,
          stat.drift_type,
          limits,
          value,
          {
            granularity: stat.granularity,
            windowStart: toIso(stat.window_start),
            windowEnd: toIso(stat.window_end),
          },
        );
        breach ||= row.status === "critical" || row.status === "warning";
        rows.push(row);
      }
    }
    const ends = own.map((stat) => toIso(stat.window_end)).sort();
    const status: ModelDrift["status"] =
      model.failure !== undefined
        ? "error"
        : own.length === 0
          ? "no-metrics"
          : breach
            ? "breach"
            : "ok";
    return {
      model: model.model,
      driftMetricsTable: model.driftMetricsTable,
      status,
      message:
        model.failure ??
        model.waiting ??
        (status === "no-metrics"
          ? `${WAITING_FOR_FIRST_WINDOW}: no finished window in the drift metrics table yet (the monitor writes one once it has refreshed over processed rows)`
          : null),
      latestWindowEnd: ends.at(-1) ?? null,
    };
  });

  // Thresholds whose column had no drift row at all in the windows read: say so, do not hide them.
  const failed = new Set(models.filter((m) => m.failure !== undefined).map((m) => m.model));
  for (const [key, limits] of byKey) {
    if (matched.has(key)) continue;
    const any = (limits.critical ?? limits.warning) as Threshold;
    if (failed.has(any.model) || !models.some((m) => m.model === any.model)) continue;
    rows.push(driftRow(any.model, any.column, any.statistic, any.driftType, limits, null, null));
  }

  rows.sort(
    (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      (b.exceedance ?? -Infinity) - (a.exceedance ?? -Infinity) ||
      a.model.localeCompare(b.model) ||
      a.column.localeCompare(b.column) ||
      a.statistic.localeCompare(b.statistic) ||
      a.driftType.localeCompare(b.driftType) ||
      (a.granularity ?? "").localeCompare(b.granularity ?? "") ||
      (b.windowStart ?? "").localeCompare(a.windowStart ?? ""),
  );
  return { models: summaries, rows, problems };
}

function driftRow(
  model: string,
  column: string,
  statistic: string,
  driftType: string,
  limits: { warning?: Threshold; critical?: Threshold } | undefined,
  value: number | null,
  window: { granularity: string; windowStart: string; windowEnd: string } | null,
): DriftRow {
  const ref = (t: Threshold | undefined) =>
    t === undefined ? null : { comparator: t.comparator as Comparator, value: t.value };
  const warning = ref(limits?.warning);
  const critical = ref(limits?.critical);
  const breached = (t: typeof warning) => t !== null && isBreach(value, t.comparator, t.value);
  const status: DriftRow["status"] =
    limits === undefined
      ? "no-threshold"
      : value === null
        ? "no-data"
        : breached(critical)
          ? "critical"
          : breached(warning)
            ? "warning"
            : "ok";
  // Measured against the threshold that decides the status (or the nearest one when all is well).
  const decisive = status === "critical" ? critical : (warning ?? critical);
  return {
    model,
    column,
    statistic,
    driftType: driftType as DriftRow["driftType"],
    granularity: window?.granularity ?? null,
    windowStart: window?.windowStart ?? null,
    windowEnd: window?.windowEnd ?? null,
    value,
    warning,
    critical,
    status,
    exceedance: decisive === null ? null : exceedance(value, decisive.comparator, decisive.value),
  };
}
