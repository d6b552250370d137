import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { quoteIdentifier, quoteTableName } from "../../../sql/quoting";
import { THRESHOLD_COLUMNS } from "../../../sql/thresholds-table";
import { alertQueryTables } from "../../../core/alert-spec";
import { fail, pass, unknown } from "./check-result";
import { columnType, findColumn } from "./column-compatibility";
import { lower, tableState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";

/**
 * thresholds-table: an existing drift_thresholds table holds every column the DriftThresholds
 * provider writes, with its type (sql/thresholds-table.ts THRESHOLD_COLUMNS). A table from before
 * a column was added (e.g. `owner`) makes every write fail; `CREATE TABLE IF NOT EXISTS` leaves
 * it as it is, so only an ALTER TABLE fixes it.
 */
export function checkThresholdsTable(
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const tables = new Map(
    specs.map((spec) => {
      const table = alertQueryTables(spec).thresholdsTable;
      return [lower(formatTableName(table)), table] as const;
    }),
  );
  return [...tables.values()].map((table) => {
    const line = (detail: string) => ({
      check: "thresholds-table" as const,
      subject: `table ${formatTableName(table)}`,
      detail,
      source: "rest" as const,
    });
    const state = tableState(facts, table);
    if (state.kind === "missing") return pass(line("not yet: the first pulumi up creates it"));
    if (state.kind === "invisible") {
      return unknown(
        line(`exists, but ${facts.identity.userName} may not read it (see privileges)`),
      );
    }
    if (state.kind === "unknown") return unknown(line(`cannot be read: ${state.message}`));
    const missing: Array<[string, string]> = [];
    const wrong: string[] = [];
    for (const [name, type] of THRESHOLD_COLUMNS) {
      const column = findColumn(state.table, name);
      if (column === undefined) missing.push([name, type]);
      else if (columnType(column) !== type.toLowerCase())
        wrong.push(`${name} is ${columnType(column)}, expected ${type}`);
    }
    if (missing.length === 0 && wrong.length === 0) {
      return pass(line(`holds the ${THRESHOLD_COLUMNS.length} columns the provider writes`));
    }
    const detail = [
      ...(missing.length > 0 ? [`lacks ${missing.map(([name]) => name).join(", ")}`] : []),
      ...wrong,
    ].join("; ");
    return fail(
      line(`${detail}: every DriftThresholds write would fail`),
      missing.length > 0
        ? `ALTER TABLE ${quoteTableName(table)} ADD COLUMNS (${missing.map(([name, type]) => `${quoteIdentifier(name)} ${type}`).join(", ")})`
        : "Recreate the table with the provider's columns (sql/thresholds-table.ts), keeping its rows.",
    );
  });
}
