import { processedTableColumns } from "./processed-table-columns";
import { sqlInteger } from "./sql-integers";
import type { ProcessedTableSpec } from "../core/processed-table-spec";
import { quoteIdentifier as q, quoteTableName } from "./quoting";

/**
 * For the validate command: how many recent processed rows have no feature at all. The
 * refresh keeps a request it could not parse (not JSON, none of the request shapes, or over the
 * 1 MiB logging limit so `request` is NULL) as one row with every feature NULL, so this count
 * is the number of such requests (plus any request that really sent only nulls).
 */
export function rowsWithoutFeaturesSql(spec: ProcessedTableSpec, lastDays: number): string {
  const features = processedTableColumns(spec).filter((c) => c.role === "feature");
  const days = sqlInteger(lastDays, "lastDays", 1, 3660);
  const allNull = features.map((f) => `${q(f.name, "feature name")} IS NULL`).join(" AND ");
  return [
    "SELECT",
    "  count(*) AS rows_checked,",
    `  count_if(${allNull}) AS rows_without_features`,
    `FROM ${quoteTableName(spec.processedTable)}`,
    `WHERE ${q("request_time")} >= current_timestamp() - make_dt_interval(${days})`,
  ].join("\n");
}
