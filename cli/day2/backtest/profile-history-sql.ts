import type { TableName } from "../../../core/types";
import { col, ended, inputRows, q, wholeTable } from "../../../sql/alert-query-parts";
import { quoteTableName } from "../../../sql/quoting";
import { sqlInteger } from "../../../sql/sql-integers";
import { commaLines, indent } from "../../../sql/sql-text";
import type { Statement } from "../batched-statements";
import { MODEL_INDEX_COLUMN } from "../drift/drift-statistics-sql";

/**
 * One statement reading the profile-metrics history of many models, for the data-quality
 * checks backtest can replay per window: the same rows the alert's `profile_windows` and
 * `null_rate_checks` read (whole table over all model ids, INPUT rows, finished windows; the
 * predicates are the alert query's own, sql/alert-query-parts.ts), every window from `:since`
 * on. Each row carries the window's row count before it (`previous_count`, the alert's
 * "recency 2"), so the first window read still has its row-count ratio. One UNION ALL branch
 * per model's `_profile_metrics` table; names validated and quoted, `since` a named parameter.
 * Idempotent (a SELECT): the SQL runner may send it again after a lost answer.
 */

export interface ProfileHistoryRow {
  model_index: number;
  column_name: string;
  granularity: string;
  window_start: Date | string;
  window_end: Date | string;
  row_count: number | string | null;
  num_nulls: number | string | null;
  previous_count: number | string | null;
}

function branch(table: TableName, index: number): string {
  return [
    `SELECT ${sqlInteger(index, "model index", 0, 1_000_000)} AS ${q(MODEL_INDEX_COLUMN)}, ${col("p", "column_name")}, ${col("p", "granularity")},`,
    `  ${col("p", "window", "start")} AS ${q("window_start")}, ${col("p", "window", "end")} AS ${q("window_end")},`,
    `  CAST(${col("p", "count")} AS DOUBLE) AS ${q("row_count")}, CAST(${col("p", "num_nulls")} AS DOUBLE) AS ${q("num_nulls")}`,
    `FROM ${quoteTableName(table)} AS p`,
    `WHERE ${wholeTable("p")} AND ${inputRows("p")} AND ${ended("p")}`,
  ].join("\n");
}

export function profileHistoryStatement(
  tables: readonly TableName[],
  indexes: readonly number[],
  since: Date,
): Statement {
  const union = indexes
    .map((index) => {
      const table = tables[index];
      if (table === undefined) throw new Error(`no profile metrics table for model ${index}`);
      return branch(table, index);
    })
    .join("\nUNION ALL\n");
  const partition = [MODEL_INDEX_COLUMN, "granularity", "column_name"]
    .map((c) => col("r", c))
    .join(", ");
  return {
    sql: [
      "WITH",
      `${q("profile_rows")} AS (`,
      indent(union),
      "),",
      `${q("with_previous")} AS (`,
      indent(
        `SELECT r.*, lag(${col("r", "row_count")}) OVER (PARTITION BY ${partition} ORDER BY ${col("r", "window_start")}) AS ${q("previous_count")}\n` +
          `FROM ${q("profile_rows")} AS r`,
      ),
      ")",
      "SELECT",
      indent(
        commaLines(
          [
            MODEL_INDEX_COLUMN,
            "column_name",
            "granularity",
            "window_start",
            "window_end",
            "row_count",
            "num_nulls",
            "previous_count",
          ].map((c) => col("w", c)),
        ),
      ),
      `FROM ${q("with_previous")} AS w`,
      `WHERE ${col("w", "window_start")} >= :since`,
    ].join("\n"),
    parameters: { since },
  };
}
