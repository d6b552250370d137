import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import type { TableName } from "../../../core/types";
import { alertQueryTables } from "../../../core/alert-spec";
import { fail, pass, skipped, unknown } from "./check-result";
import { findColumn } from "./column-compatibility";
import { tableState, type UcTable, type WorkspaceFacts } from "./facts";
import {
  DRIFT_COLUMNS_READ,
  PROFILE_COLUMNS_READ,
  statisticColumns,
  type ColumnRead,
} from "./metric-columns";
import type { PreflightCheck } from "./output-schema";

/**
 * metric-tables: where a monitor has written its metric tables already, they hold every column
 * (and struct field) the alert query and analyze-drift read. From the monitoring schema's table
 * list: no statement per table. Tables that do not exist yet are skipped: the monitor's first
 * refresh writes them.
 */
export function checkMetricTables(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck[] {
  const tables = alertQueryTables(spec);
  return [
    checkTable(facts, spec, tables.profileMetricsTable, PROFILE_COLUMNS_READ),
    checkTable(facts, spec, tables.driftMetricsTable, [
      ...DRIFT_COLUMNS_READ,
      ...statisticColumns(spec),
    ]),
  ];
}

function checkTable(
  facts: WorkspaceFacts,
  spec: ModelSpec,
  name: TableName,
  read: readonly ColumnRead[],
): PreflightCheck {
  const line = (detail: string) => ({
    check: "metric-tables" as const,
    model: spec.name,
    subject: `table ${formatTableName(name)}`,
    detail,
    source: "rest" as const,
  });
  const state = tableState(facts, name);
  if (state.kind === "missing") {
    return skipped(line("not written yet: the monitor's first refresh writes it"));
  }
  if (state.kind === "invisible") {
    return unknown(line(`exists, but ${facts.identity.userName} may not read it (see privileges)`));
  }
  if (state.kind === "unknown") return unknown(line(`cannot be read: ${state.message}`));
  const problems = missingColumns(state.table, read);
  if (problems.length === 0) return pass(line(`holds the ${read.length} columns the alerts read`));
  return fail(
    line(`lacks ${problems.join(", ")}: read by the alert query and analyze-drift`),
    "Remove the thresholds on statistics the monitor does not compute, or refresh the monitor " +
      "(refresh-monitors) if its tables are from an older monitor; the alert fires or errors until then.",
  );
}

/** "ks_test.pvalue", "window" for what the table lacks. */
export function missingColumns(table: UcTable, read: readonly ColumnRead[]): string[] {
  const problems: string[] = [];
  for (const column of read) {
    const found = findColumn(table, column.name);
    if (found === undefined) {
      problems.push(column.name);
      continue;
    }
    const type = (found.type_text ?? "").toLowerCase().replace(/\s+/g, "");
    for (const field of column.fields ?? []) {
      if (!new RegExp(`[<,]\`?${field}\`?:`).test(type)) problems.push(`${column.name}.${field}`);
    }
  }
  return problems;
}
