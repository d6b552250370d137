import { DRIFT_STATISTICS } from "../../../core/drift-statistics";
import type { ModelSpec } from "../../../config/model-spec";
import { MODEL_ID_COLUMN } from "../../../core/columns";

/**
 * The metric-table columns the alert query (sql/alert-queries.ts, sql/alert-drift-checks.ts) and
 * analyze-drift (cli/day2/drift/drift-statistics-sql.ts) read, with the struct fields they read
 * inside them. test/day2/preflight/metric-tables.test.ts checks this list against the columns
 * the alert query's parse tree references, so the two cannot drift apart.
 */

export interface ColumnRead {
  name: string;
  /** Fields read from a struct column (`window`.`start`). */
  fields?: readonly string[];
}

const WINDOW: ColumnRead = { name: "window", fields: ["start", "end"] };
const WHOLE_TABLE: ColumnRead[] = [{ name: "slice_key" }, { name: MODEL_ID_COLUMN }];

export const PROFILE_COLUMNS_READ: readonly ColumnRead[] = [
  { name: "column_name" },
  { name: "granularity" },
  WINDOW,
  ...WHOLE_TABLE,
  { name: "log_type" },
  { name: "count" },
  { name: "num_nulls" },
];

export const DRIFT_COLUMNS_READ: readonly ColumnRead[] = [
  { name: "column_name" },
  { name: "drift_type" },
  { name: "granularity" },
  WINDOW,
  ...WHOLE_TABLE,
];

/**
 * The drift statistics the model's thresholds name, as columns (`ks_test` with field `pvalue`).
 * The alert query reads them by name from the row as JSON, so a missing one fails only its
 * thresholds, as a breach that never clears; analyze-drift reads them as columns.
 */
export function statisticColumns(spec: ModelSpec): ColumnRead[] {
  const byColumn = new Map<string, Set<string>>();
  for (const threshold of spec.thresholds) {
    const [column, field] = DRIFT_STATISTICS[threshold.statistic].expression.split(".") as [
      string,
      string | undefined,
    ];
    const fields = byColumn.get(column) ?? new Set<string>();
    if (field !== undefined) fields.add(field);
    byColumn.set(column, fields);
  }
  return [...byColumn]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, fields]) => (fields.size === 0 ? { name } : { name, fields: [...fields].sort() }));
}
