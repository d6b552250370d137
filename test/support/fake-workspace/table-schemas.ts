import * as tables from "../databricks-tables";
import type { ColumnSeed } from "./tables";

/**
 * Columns of the tables Databricks creates by itself, so day-2 checks (schema matches, metric
 * columns exist) have something real-shaped to read. Unity Catalog reports `type_text` in
 * lower case without spaces (`struct<start:timestamp,end:timestamp>`).
 */
function asTypeText(columns: readonly tables.TableColumn[]): readonly ColumnSeed[] {
  return columns.map(({ name, type }) => ({ name, type: type.toLowerCase().replace(/\s+/g, "") }));
}

export const payloadTableColumns = asTypeText(tables.payloadTableColumns);
export const profileMetricsColumns = asTypeText(tables.profileMetricsColumns);
export const driftMetricsColumns = asTypeText(tables.driftMetricsColumns);
