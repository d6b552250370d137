import {
  DRIFT_STATISTICS,
  DRIFT_STATISTIC_NAMES,
  type DriftStatisticName,
} from "../../../core/drift-statistics";

import { commaLines, constantStringLiteral, indent } from "../../../sql/sql-text";
import { sqlInteger } from "../../../sql/sql-integers";
import { DRIFT_TYPES } from "../../../core/enums";
import { wholeTableAllModels } from "../../../sql/monitor-metric-rows";
import type { TableName } from "../../../core/types";
import type { Statement } from "../batched-statements";
import { quoteIdentifier as q, quoteTableName } from "../../../sql/quoting";

/**
 * One statement reading the drift statistics of many models: each model's `_drift_metrics`
 * table is one UNION ALL branch tagged with the model's index, selecting only the metric
 * columns the whitelist of config/drift-statistics.ts names (a model's custom drift metrics
 * would otherwise make the branches differ). The whitelisted expressions (struct fields such as
 * `ks_test`.`pvalue` included) are applied once, outside the union, each as a DOUBLE column
 * `stat_<n>`. Table names are validated and quoted; the only value, `--since`, is a named
 * parameter.
 *
 * Rows: whole table over all model ids (sql/monitor-metric-rows.ts), windows that have ended,
 * CONSECUTIVE and BASELINE drift; then either the newest such window per model, granularity
 * and drift type (what the alert queries read) or every window from `since` on.
 * Idempotent (a SELECT): the SQL runner may send it again after a lost answer.
 */

export const MODEL_INDEX_COLUMN = "model_index";

/** The statistic read into column `alias`. */
export const STATISTIC_COLUMNS: ReadonlyArray<{ statistic: DriftStatisticName; alias: string }> =
  DRIFT_STATISTIC_NAMES.map((statistic, index) => ({ statistic, alias: `stat_${index}` }));

/** What to read; by default every whitelisted statistic of CONSECUTIVE and BASELINE drift. */
export interface DriftSelection {
  since?: Date;
  /** Only these statistics (e.g. those that have thresholds): less to read and to send. */
  statistics?: readonly DriftStatisticName[];
  driftTypes?: ReadonlyArray<(typeof DRIFT_TYPES)[number]>;
}

/**
 * Only the statistics and drift types that have a threshold (unknown names are left to the
 * caller's report); none usable at all: read everything, so each model's windows still show.
 */
export function thresholdedSelection(
  thresholds: ReadonlyArray<{ statistic: string; driftType: string }>,
): DriftSelection {
  const statistics = [...new Set(thresholds.map((t) => t.statistic))].filter(
    (s): s is DriftStatisticName => (DRIFT_STATISTIC_NAMES as readonly string[]).includes(s),
  );
  const driftTypes = DRIFT_TYPES.filter((type) => thresholds.some((t) => t.driftType === type));
  return statistics.length === 0 || driftTypes.length === 0 ? {} : { statistics, driftTypes };
}

/** The drift-metrics columns the statistics are read from (`ks_test` for `ks_test.pvalue`). */
function metricColumns(statistics: readonly DriftStatisticName[]): string[] {
  return [
    ...new Set(statistics.map((name) => DRIFT_STATISTICS[name].expression.split(".")[0] as string)),
  ];
}

export interface DriftStatisticsRow {
  model_index: number;
  column_name: string;
  drift_type: string;
  granularity: string;
  window_start: Date | string;
  window_end: Date | string;
  [stat: string]: unknown;
}

const col = (alias: string, ...parts: string[]) =>
  [q(alias), ...parts.map((part) => q(part))].join(".");

function branch(
  table: TableName,
  index: number,
  statistics: readonly DriftStatisticName[],
  driftTypes: readonly string[],
): string {
  const columns = [
    "column_name",
    "drift_type",
    "granularity",
    "window",
    ...metricColumns(statistics),
  ];
  return [
    `SELECT ${sqlInteger(index, "model index", 0, 1_000_000)} AS ${q(MODEL_INDEX_COLUMN)}, ${columns.map((c) => col("d", c)).join(", ")}`,
    `FROM ${quoteTableName(table)} AS ${q("d")}`,
    `WHERE ${wholeTableAllModels((name) => col("d", name))} AND ${col("d", "window", "end")} <= current_timestamp()` +
      ` AND ${col("d", "drift_type")} IN (${driftTypes.map(constantStringLiteral).join(", ")})`,
  ].join("\n");
}

export function driftStatisticsStatement(
  tables: readonly TableName[],
  indexes: readonly number[],
  selection: DriftSelection = {},
): Statement {
  const { since } = selection;
  const statistics = selection.statistics ?? DRIFT_STATISTIC_NAMES;
  const driftTypes = selection.driftTypes ?? DRIFT_TYPES;
  const union = indexes
    .map((index) => {
      const table = tables[index];
      if (table === undefined) throw new Error(`no drift metrics table for model ${index}`);
      return branch(table, index, statistics, driftTypes);
    })
    .join("\nUNION ALL\n");
  const selected = [
    col("k", MODEL_INDEX_COLUMN),
    col("k", "column_name"),
    col("k", "drift_type"),
    col("k", "granularity"),
    `${col("k", "window", "start")} AS ${q("window_start")}`,
    `${col("k", "window", "end")} AS ${q("window_end")}`,
    ...STATISTIC_COLUMNS.filter(({ statistic }) => statistics.includes(statistic)).map(
      ({ statistic, alias }) =>
        `CAST(${col("k", ...DRIFT_STATISTICS[statistic].expression.split("."))} AS DOUBLE) AS ${q(alias)}`,
    ),
  ];
  const partition = [MODEL_INDEX_COLUMN, "granularity", "drift_type"]
    .map((c) => col("r", c))
    .join(", ");
  const source =
    since === undefined
      ? // The newest finished window per model, granularity and drift type, as the alert queries read it.
        [
          `${q("ranked")} AS (`,
          indent(
            `SELECT ${q("r")}.*, max(${col("r", "window", "start")}) OVER (PARTITION BY ${partition}) AS ${q("latest_start")}\n` +
              `FROM ${q("drift_rows")} AS ${q("r")}`,
          ),
          ")",
        ]
      : [];
  return {
    sql: [
      "WITH",
      `${q("drift_rows")} AS (`,
      indent(union),
      since === undefined ? ")," : ")",
      ...source,
      "SELECT",
      indent(commaLines(selected)),
      `FROM ${q(since === undefined ? "ranked" : "drift_rows")} AS ${q("k")}`,
      since === undefined
        ? `WHERE ${col("k", "window", "start")} = ${col("k", "latest_start")}`
        : `WHERE ${col("k", "window", "start")} >= :since`,
    ].join("\n"),
    parameters: since === undefined ? {} : { since },
  };
}
