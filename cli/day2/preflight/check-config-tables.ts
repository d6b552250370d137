import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import type { TableName } from "../../../core/types";
import { fail, pass, unknown, warn } from "./check-result";
import { columnType, findColumn, fit, isScalar } from "./column-compatibility";
import { tableState, type UcTable, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";
import { parsed } from "./read-catalog";

/**
 * labels-table and baseline-table: tables the user maintains and the configuration names. Both
 * must exist and be readable, with the columns the project reads (from the table list's column
 * info). Labels: the key column (compared as STRING, so any scalar type) and the label column
 * (try_cast to the label's type: a string column works, but values that are not numbers turn
 * NULL). Baseline: the monitored columns (features, prediction, label) with the processed
 * table's types (UNCONFIRMED how strictly the monitor compares types: another type of the same
 * family is a warning).
 */

type Check = "labels-table" | "baseline-table";

function lookUp(
  facts: WorkspaceFacts,
  check: Check,
  spec: ModelSpec,
  name: TableName,
): {
  table?: UcTable;
  line: (detail: string) => Parameters<typeof pass>[0];
  result?: PreflightCheck;
} {
  const line = (detail: string) => ({
    check,
    model: spec.name,
    subject: `table ${formatTableName(name)}`,
    detail,
    source: "rest" as const,
  });
  const state = tableState(facts, name);
  const setting = check === "labels-table" ? "labels.table" : "monitor.baselineTable";
  if (state.kind === "found") return { table: state.table, line };
  if (state.kind === "missing") {
    return {
      line,
      result: fail(line("does not exist"), `Create the table, or fix ${setting} of ${spec.name}.`),
    };
  }
  if (state.kind === "invisible") {
    return {
      line,
      result: fail(
        line(`exists, but ${facts.identity.userName} may not read it`),
        `GRANT SELECT ON TABLE ${formatTableName(name)} TO \`${facts.identity.userName}\``,
      ),
    };
  }
  return { line, result: unknown(line(`cannot be read: ${state.message}`)) };
}

export function checkLabelsTable(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck[] {
  const labels = spec.labels;
  if (labels === undefined) return [];
  const found = lookUp(facts, "labels-table", spec, labels.table);
  if (found.table === undefined) return found.result === undefined ? [] : [found.result];
  const { table, line } = found;
  const key = findColumn(table, labels.keyColumn);
  const label = findColumn(table, labels.labelColumn);
  const fix = `Fix labels.keyColumn / labels.labelColumn of ${spec.name}, or the table.`;
  if (key === undefined || label === undefined) {
    const missing = [
      key === undefined ? labels.keyColumn : "",
      label === undefined ? labels.labelColumn : "",
    ];
    return [fail(line(`has no column ${missing.filter(Boolean).join(", ")}`), fix)];
  }
  if (!isScalar(key)) {
    return [
      fail(line(`key column ${key.name} is ${columnType(key)}: not comparable as a string`), fix),
    ];
  }
  const expected = spec.label?.type ?? "string";
  const labelFit = fit(label, expected);
  const detail = `key ${key.name} ${columnType(key)}, label ${label.name} ${columnType(label)} (processed as ${expected})`;
  if (labelFit === "same" || labelFit === "castable") return [pass(line(detail))];
  if (columnType(label) === "string") {
    return [warn(line(`${detail}: label values that are not ${expected} become NULL`))];
  }
  return [fail(line(`${detail}: cannot be cast`), fix)];
}

export function checkBaselineTable(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck[] {
  const name = parsed(spec.monitor.baselineTable);
  if (name === undefined) return [];
  const found = lookUp(facts, "baseline-table", spec, name);
  if (found.table === undefined) return found.result === undefined ? [] : [found.result];
  const { table, line } = found;
  const monitored = [
    ...spec.features,
    spec.prediction,
    ...(spec.label === undefined ? [] : [spec.label]),
  ];
  const missing: string[] = [];
  const wrong: string[] = [];
  const widened: string[] = [];
  for (const column of monitored) {
    const actual = findColumn(table, column.name);
    const result = fit(actual, column.type);
    if (result === "missing") missing.push(column.name);
    else if (result === "incompatible")
      wrong.push(`${column.name} is ${columnType(actual!)}, expected ${column.type}`);
    else if (result === "castable")
      widened.push(
        `${column.name} is ${columnType(actual!)} (${column.type} in the processed table)`,
      );
  }
  const problems = [...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []), ...wrong];
  if (problems.length > 0) {
    return [
      fail(
        line(problems.join("; ")),
        `Give the baseline table the processed table's feature and prediction columns, or fix monitor.baselineTable of ${spec.name}.`,
      ),
    ];
  }
  if (widened.length > 0) return [warn(line(widened.join("; ")))];
  return [pass(line(`holds the ${monitored.length} monitored columns with their types`))];
}
