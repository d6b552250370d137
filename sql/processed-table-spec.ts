import { COMMENT_BACKSLASH_RULE, FIXED_COLUMN_NAMES } from "../core/columns";
import { isColumnType } from "./column-types";
import { describeValue, formatTableName, isIdentifier } from "../core/names";
import { MODEL_ID_SOURCES } from "../core/enums";
import type { ColumnSpec, TableName } from "../core/types";
import type { ProcessedTableSpec } from "../core/processed-table-spec";

/** Bounds for the window sizes; wide enough for any real use, finite so typos stand out. */
export const LATE_ARRIVAL_HOURS_RANGE = { min: 0, max: 24 * 366 } as const;
export const LABEL_LOOKBACK_DAYS_RANGE = { min: 1, max: 3660 } as const;

/**
 * Every problem with a spec, all at once (the offline plan shows them together). An empty
 * list means the generators can run; they call assertValidProcessedTableSpec themselves.
 */
export function processedTableSpecProblems(spec: ProcessedTableSpec): string[] {
  const problems: string[] = [];
  checkTable(spec.payloadTable, "payloadTable", problems);
  checkTable(spec.processedTable, "processedTable", problems);
  if (sameTable(spec.payloadTable, spec.processedTable)) {
    problems.push(
      "processedTable must differ from payloadTable (Databricks owns the payload table)",
    );
  }

  if (!Array.isArray(spec.features) || spec.features.length === 0) {
    problems.push("features: declare at least one feature column");
  }
  const declared: { column: ColumnSpec; where: string }[] = [];
  (Array.isArray(spec.features) ? spec.features : []).forEach((column, index) =>
    declared.push({ column, where: `features[${index}]` }),
  );
  declared.push({ column: spec.prediction, where: "prediction" });
  if (spec.label !== undefined) declared.push({ column: spec.label, where: "label" });
  for (const { column, where } of declared) checkColumn(column, where, problems);
  checkCollisions(declared, problems);

  checkInteger(spec.lateArrivalHours, "lateArrivalHours", LATE_ARRIVAL_HOURS_RANGE, problems);
  if (spec.modelIdSource !== undefined && !MODEL_ID_SOURCES.includes(spec.modelIdSource)) {
    problems.push(
      `modelIdSource ${describeValue(spec.modelIdSource)} must be one of ${MODEL_ID_SOURCES.join(", ")}`,
    );
  }

  // A label column without a source would stay empty; a source without a column has nowhere to go.
  if (spec.label !== undefined && spec.labelsJoin === undefined) {
    problems.push("label is declared but labelsJoin is not: nothing would fill the label column");
  }
  if (spec.labelsJoin !== undefined && spec.label === undefined) {
    problems.push("labelsJoin is declared but label is not: declare the label column to fill");
  }
  const join = spec.labelsJoin;
  if (join !== undefined) {
    checkTable(join.table, "labelsJoin.table", problems);
    checkName(join.keyColumn, "labelsJoin.keyColumn", problems);
    checkName(join.labelColumn, "labelsJoin.labelColumn", problems);
    checkInteger(join.lookbackDays, "labelsJoin.lookbackDays", LABEL_LOOKBACK_DAYS_RANGE, problems);
    const featureNames = (Array.isArray(spec.features) ? spec.features : []).map((f) => f?.name);
    if (join.requestKey !== "client_request_id" && !featureNames.includes(join.requestKey)) {
      problems.push(
        `labelsJoin.requestKey ${describeValue(join.requestKey)} must be "client_request_id" or the name of a declared feature`,
      );
    }
  }
  return problems;
}

export function assertValidProcessedTableSpec(spec: ProcessedTableSpec): void {
  const problems = processedTableSpecProblems(spec);
  if (problems.length > 0) {
    throw new Error(`invalid processed table spec:\n- ${problems.join("\n- ")}`);
  }
}

function checkName(value: unknown, where: string, problems: string[]): void {
  if (!isIdentifier(value)) {
    problems.push(
      `${where} ${describeValue(value)} is not an accepted identifier (letters, digits, _; not starting with a digit; at most 255 chars)`,
    );
  }
}

function checkTable(name: TableName | undefined, where: string, problems: string[]): void {
  if (name === null || typeof name !== "object") {
    problems.push(`${where} is missing`);
    return;
  }
  checkName(name.catalog, `${where}.catalog`, problems);
  checkName(name.schema, `${where}.schema`, problems);
  checkName(name.table, `${where}.table`, problems);
}

function checkColumn(column: ColumnSpec | undefined, where: string, problems: string[]): void {
  if (column === null || typeof column !== "object") {
    problems.push(`${where} is missing`);
    return;
  }
  checkName(column.name, `${where}.name`, problems);
  if (!isColumnType(column.type)) {
    problems.push(`${where}.type ${describeValue(column.type)} is not a supported column type`);
  }
  if (typeof column.comment === "string" && column.comment.includes("\\")) {
    problems.push(`${where}.comment ${describeValue(column.comment)} ${COMMENT_BACKSLASH_RULE}`);
  }
}

/** Databricks column names are case-insensitive, so `Age` and `age` collide. */
function checkCollisions(
  declared: { column: ColumnSpec; where: string }[],
  problems: string[],
): void {
  const seen = new Map<string, string>(FIXED_COLUMN_NAMES.map((name) => [name, "a fixed column"]));
  for (const { column, where } of declared) {
    if (typeof column?.name !== "string") continue;
    const key = column.name.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push(`${where}.name ${describeValue(column.name)} collides with ${previous}`);
    } else {
      seen.set(key, `${where} (${column.name})`);
    }
  }
}

function checkInteger(
  value: unknown,
  where: string,
  range: { min: number; max: number },
  problems: string[],
): void {
  if (
    typeof value !== "number" ||
    !Number.isSafeInteger(value) ||
    value < range.min ||
    value > range.max
  ) {
    problems.push(
      `${where} ${describeValue(value)} must be a whole number from ${range.min} to ${range.max}`,
    );
  }
}

function sameTable(a: TableName | undefined, b: TableName | undefined): boolean {
  if (!a || !b) return false;
  try {
    return formatTableName(a).toLowerCase() === formatTableName(b).toLowerCase();
  } catch {
    return false; // invalid names are reported on their own
  }
}
