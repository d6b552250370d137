import type { SeedValue } from "../duckdb-values";
import type { ColumnSpec, SeedRow } from "../seed";
import {
  ALL_MODEL_IDS,
  driftMetricsColumns,
  inferenceLogMetricColumns,
  profileMetricsColumns,
} from "./metric-table-columns";
import { SeededRandom } from "./random";

export interface MetricColumn {
  name: string;
  kind: "numeric" | "categorical";
  /** data_type as the monitor writes it. Default "double" (numeric) / "string" (categorical). */
  dataType?: string;
  /** Numeric: typical mean and spread. Default 100 / 20. */
  mean?: number;
  stddev?: number;
  /** Categorical: the categories. Default ["a", "b", "c"]. */
  values?: readonly string[];
}

export interface MetricOverride {
  table: "profile" | "drift";
  /** column_name to change (`:table` for table-level rows). */
  column: string;
  /** Window index from 0 (oldest) or "latest" (default). */
  window?: number | "latest";
  /** Default: every granularity. */
  granularity?: string;
  /** Drift rows only. Default "CONSECUTIVE". */
  driftType?: "CONSECUTIVE" | "BASELINE";
  /** Default null: the whole-table rows (slice_key IS NULL). */
  slice?: { key: string; value: string } | null;
  /** InferenceLog: only the rows of this model id (`*` = all models). Default: every model id. */
  modelId?: string;
  /** Column values to set, e.g. { js_distance: 0.4 } or { ks_test: { statistic: 0.5, pvalue: 0.001 } }. */
  values: Record<string, SeedValue>;
}

export interface MetricTablesOptions {
  /** The monitored table, `catalog.schema.table`. */
  monitoredTable: string;
  /** `catalog.schema` of the metric tables. Default: the monitored table's schema. */
  outputSchema?: string;
  /** Default: amount, age (numeric), country (categorical), prediction (numeric). */
  columns?: readonly MetricColumn[];
  /** Default ["1 day"]. Values like "5 minutes", "1 hour", "1 day", "1 week", "1 month". */
  granularities?: readonly string[];
  /** Windows per granularity. Default 7. */
  windows?: number;
  /** Start of the first window. Default 2025-01-01T00:00Z. */
  start?: Date;
  /** Slicing expressions and their values. Default none. */
  slices?: ReadonlyArray<{ key: string; values: readonly string[] }>;
  /** Also write BASELINE drift rows (a baseline table is configured). Default true. */
  baseline?: boolean;
  /** Rows in the monitored table per window. Default 1000. */
  rowsPerWindow?: number;
  monitorVersion?: number;
  seed?: number;
  overrides?: readonly MetricOverride[];
  /**
   * An InferenceLog monitor (the project's kind): a model id column, rows per model id and the
   * all-models `*` rows. Default: column `model_id`, one served version `champion/3`. `false`
   * for a TimeSeries-like table without the column.
   */
  inferenceLog?: { modelIdColumn?: string; modelIds?: readonly string[] } | false;
}

export interface MetricWindow {
  granularity: string;
  index: number;
  start: Date;
  end: Date;
}

export interface GeneratedMetricTables {
  profileTable: string;
  driftTable: string;
  profileColumns: readonly ColumnSpec[];
  driftColumns: readonly ColumnSpec[];
  profileRows: SeedRow[];
  driftRows: SeedRow[];
  windows: MetricWindow[];
}

const defaultColumns: readonly MetricColumn[] = [
  { name: "amount", kind: "numeric", mean: 120, stddev: 40 },
  { name: "age", kind: "numeric", dataType: "int", mean: 40, stddev: 12 },
  { name: "country", kind: "categorical", values: ["NL", "DE", "FR", "BE", "US"] },
  { name: "prediction", kind: "numeric", mean: 0.3, stddev: 0.2 },
];

interface Slice {
  key: string | null;
  value: string | null;
  share: number;
}

/**
 * A quality monitor's output tables, `<output_schema>.<table>_profile_metrics` and
 * `<output_schema>.<table>_drift_metrics`, with the documented column sets
 * (docs/databricks-api.md, profile and drift metrics). Rows: one per granularity x window x slice
 * (whole table: slice_key/slice_value NULL, then each slicing expression's values) x column
 * (plus `:table`). Numeric columns get numeric statistics and numeric drift tests (ks_test,
 * wasserstein_distance, population_stability_index); categorical columns get length and
 * frequent-item statistics and categorical drift tests (chi_squared_test, tv_distance,
 * l_infinity_distance, js_distance); the rest is NULL. Values describe a stable model unless
 * `overrides` set specific ones (for example a breach in the latest window).
 */
export function generateMetricTables(options: MetricTablesOptions): GeneratedMetricTables {
  const random = new SeededRandom(options.seed ?? 1);
  const [catalog, schema, table] = options.monitoredTable.split(".");
  if (!catalog || !schema || !table)
    throw new Error(`monitoredTable must be catalog.schema.table: ${options.monitoredTable}`);
  const outputSchema = options.outputSchema ?? `${catalog}.${schema}`;
  const columns = options.columns ?? defaultColumns;
  const granularities = options.granularities ?? ["1 day"];
  const windowCount = options.windows ?? 7;
  const start = options.start ?? new Date("2025-01-01T00:00:00Z");
  const rowsPerWindow = options.rowsPerWindow ?? 1000;
  const monitorVersion = BigInt(options.monitorVersion ?? 1);
  const inferenceLog = options.inferenceLog === false ? undefined : (options.inferenceLog ?? {});
  const modelIdColumn = inferenceLog?.modelIdColumn ?? "model_id";
  const servedIds = inferenceLog?.modelIds ?? ["champion/3"];
  // Each window's rows for all models, then per served model id (their share of the rows).
  const modelGroups: Array<{ values: SeedRow; share: number }> =
    inferenceLog === undefined
      ? [{ values: {}, share: 1 }]
      : [
          { values: { [modelIdColumn]: ALL_MODEL_IDS }, share: 1 },
          ...servedIds.map((id) => ({
            values: { [modelIdColumn]: id },
            share: 1 / servedIds.length,
          })),
        ];
  const slices: Slice[] = [{ key: null, value: null, share: 1 }];
  for (const slicing of options.slices ?? []) {
    for (const value of slicing.values)
      slices.push({ key: slicing.key, value, share: 1 / slicing.values.length });
  }

  const windows: MetricWindow[] = [];
  const profileRows: SeedRow[] = [];
  const driftRows: SeedRow[] = [];
  for (const granularity of granularities) {
    const bounds = Array.from({ length: windowCount }, (_, index) => ({
      granularity,
      index,
      start: addGranularity(start, granularity, index),
      end: addGranularity(start, granularity, index + 1),
    }));
    windows.push(...bounds);
    for (const bound of bounds) {
      const windowValue = { start: bound.start, end: bound.end };
      for (const { slice, group } of slices.flatMap((slice) =>
        modelGroups.map((group) => ({ slice, group })),
      )) {
        const count = Math.round(
          rowsPerWindow * slice.share * group.share * random.between(0.9, 1.1),
        );
        const common = {
          granularity,
          monitor_version: monitorVersion,
          slice_key: slice.key,
          slice_value: slice.value,
          ...group.values,
        };
        profileRows.push({
          window: windowValue,
          log_type: "INPUT",
          logging_table_commit_version: bound.index + 1,
          ...common,
          column_name: ":table",
          count: BigInt(count),
          non_null_columns: columns.map((column) => column.name),
        });
        for (const column of columns) {
          profileRows.push({
            window: windowValue,
            log_type: "INPUT",
            logging_table_commit_version: bound.index + 1,
            ...common,
            column_name: column.name,
            ...profileStatistics(random, column, count),
          });
        }
        const comparisons: Array<{ driftType: string; against: SeedValue }> = [];
        if (bound.index > 0) {
          const previous = bounds[bound.index - 1] as MetricWindow;
          comparisons.push({
            driftType: "CONSECUTIVE",
            against: { start: previous.start, end: previous.end },
          });
        }
        // window_cmp for BASELINE rows: NULL here (the documentation does not say; UNCONFIRMED).
        if (options.baseline ?? true) comparisons.push({ driftType: "BASELINE", against: null });
        for (const { driftType, against } of comparisons) {
          const driftCommon = {
            window: windowValue,
            ...common,
            window_cmp: against,
            drift_type: driftType,
          };
          driftRows.push({
            ...driftCommon,
            column_name: ":table",
            count_delta: BigInt(Math.round(random.normal(0, rowsPerWindow * 0.03))),
            non_null_columns_delta: { added: 0, missing: 0 },
          });
          for (const column of columns)
            driftRows.push({ ...driftCommon, ...driftStatistics(random, column) });
        }
      }
    }
  }

  for (const override of options.overrides ?? [])
    applyOverride(override, profileRows, driftRows, windows, granularities, modelIdColumn);
  const extraColumns = inferenceLog === undefined ? [] : inferenceLogMetricColumns(modelIdColumn);
  return {
    profileTable: `${outputSchema}.${table}_profile_metrics`,
    driftTable: `${outputSchema}.${table}_drift_metrics`,
    profileColumns: [...profileMetricsColumns, ...extraColumns],
    driftColumns: [...driftMetricsColumns, ...extraColumns],
    profileRows,
    driftRows,
    windows,
  };
}

function profileStatistics(random: SeededRandom, column: MetricColumn, count: number): SeedRow {
  const numNulls = Math.round(count * random.between(0, 0.02));
  const nonNull = count - numNulls;
  const common = {
    count: BigInt(count),
    num_nulls: BigInt(numNulls),
    percent_null: round((numNulls / Math.max(count, 1)) * 100),
  };
  if (column.kind === "numeric") {
    const mean = (column.mean ?? 100) * random.between(0.98, 1.02);
    const stddev = (column.stddev ?? 20) * random.between(0.95, 1.05);
    const quantiles = [-2, -0.67, 0, 0.67, 2].map((z) => round(mean + z * stddev));
    const zeros = Math.round(nonNull * random.between(0, 0.01));
    const distinct = Math.round(nonNull * random.between(0.5, 0.9));
    return {
      ...common,
      data_type: column.dataType ?? "double",
      avg: round(mean),
      quantiles,
      min: round(mean - 3 * stddev),
      max: round(mean + 3 * stddev),
      stddev: round(stddev),
      median: quantiles[2],
      num_zeros: BigInt(zeros),
      percent_zeros: round((zeros / Math.max(count, 1)) * 100),
      num_nan: 0n,
      percent_nan: 0,
      distinct_count: BigInt(distinct),
      percent_distinct: round((distinct / Math.max(count, 1)) * 100),
    };
  }
  const categories = column.values ?? ["a", "b", "c"];
  const lengths = categories.map((category) => category.length);
  let left = nonNull;
  const frequentItems = categories.map((item, index) => {
    const share =
      index === categories.length - 1
        ? left
        : Math.round((nonNull / categories.length) * random.between(0.8, 1.2));
    left -= share;
    return { item, count: BigInt(Math.max(share, 0)) };
  });
  return {
    ...common,
    data_type: column.dataType ?? "string",
    min_length: Math.min(...lengths),
    max_length: Math.max(...lengths),
    avg_length: round(lengths.reduce((sum, length) => sum + length, 0) / lengths.length),
    frequent_items: frequentItems.sort((a, b) => Number(b.count - a.count)),
    distinct_count: BigInt(categories.length),
    percent_distinct: round((categories.length / Math.max(count, 1)) * 100),
  };
}

function driftStatistics(random: SeededRandom, column: MetricColumn): SeedRow {
  const common = {
    column_name: column.name,
    data_type: column.dataType ?? (column.kind === "numeric" ? "double" : "string"),
    count_delta: BigInt(Math.round(random.normal(0, 20))),
    percent_null_delta: round(random.normal(0, 0.2)),
    percent_distinct_delta: round(random.normal(0, 0.5)),
  };
  if (column.kind === "numeric") {
    return {
      ...common,
      avg_delta: round(random.normal(0, (column.stddev ?? 20) * 0.02)),
      percent_zeros_delta: round(random.normal(0, 0.1)),
      ks_test: {
        statistic: round(random.between(0.01, 0.06)),
        pvalue: round(random.between(0.2, 0.95)),
      },
      wasserstein_distance: round(random.between(0.001, 0.05) * (column.stddev ?? 20)),
      population_stability_index: round(random.between(0.005, 0.05)),
    };
  }
  return {
    ...common,
    js_distance: round(random.between(0.005, 0.05)),
    chi_squared_test: {
      statistic: round(random.between(0.5, 5)),
      pvalue: round(random.between(0.2, 0.95)),
    },
    tv_distance: round(random.between(0.005, 0.05)),
    l_infinity_distance: round(random.between(0.005, 0.04)),
  };
}

function applyOverride(
  override: MetricOverride,
  profileRows: SeedRow[],
  driftRows: SeedRow[],
  windows: MetricWindow[],
  granularities: readonly string[],
  modelIdColumn: string,
): void {
  const rows = override.table === "profile" ? profileRows : driftRows;
  const targets = granularities.filter(
    (granularity) => override.granularity === undefined || override.granularity === granularity,
  );
  let changed = 0;
  for (const granularity of targets) {
    const candidates = windows.filter((window) => window.granularity === granularity);
    const index =
      override.window === undefined || override.window === "latest"
        ? candidates.length - 1
        : override.window;
    const target = candidates[index];
    if (!target)
      throw new Error(
        `override: no window ${String(override.window)} for granularity ${granularity}`,
      );
    for (const row of rows) {
      const rowWindow = row.window as { start: Date };
      const slice = override.slice ?? null;
      if (
        row.granularity === granularity &&
        rowWindow.start.getTime() === target.start.getTime() &&
        row.column_name === override.column &&
        row.slice_key === (slice?.key ?? null) &&
        row.slice_value === (slice?.value ?? null) &&
        (override.modelId === undefined || row[modelIdColumn] === override.modelId) &&
        (override.table === "profile" || row.drift_type === (override.driftType ?? "CONSECUTIVE"))
      ) {
        Object.assign(row, override.values);
        changed++;
      }
    }
  }
  if (changed === 0)
    throw new Error(
      `override matched no ${override.table} metric row: ${JSON.stringify(override)}`,
    );
}

/** Window bounds for granularities like "5 minutes", "1 hour", "1 day", "2 weeks", "1 month". */
export function addGranularity(start: Date, granularity: string, times: number): Date {
  const match = /^(\d+)\s+(minute|hour|day|week|month|year)s?$/i.exec(granularity.trim());
  if (!match) throw new Error(`unsupported granularity "${granularity}"`);
  const amount = Number(match[1]) * times;
  const result = new Date(start.getTime());
  switch ((match[2] as string).toLowerCase()) {
    case "minute":
      result.setUTCMinutes(result.getUTCMinutes() + amount);
      break;
    case "hour":
      result.setUTCHours(result.getUTCHours() + amount);
      break;
    case "day":
      result.setUTCDate(result.getUTCDate() + amount);
      break;
    case "week":
      result.setUTCDate(result.getUTCDate() + 7 * amount);
      break;
    case "month":
      result.setUTCMonth(result.getUTCMonth() + amount);
      break;
    default:
      result.setUTCFullYear(result.getUTCFullYear() + amount);
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export { driftMetricsColumns, inferenceLogMetricColumns, profileMetricsColumns };
