import { DATA_QUALITY, isComparator } from "../core/threshold-rows";
import { wholeTableAllModels } from "./monitor-metric-rows";
import { quoteIdentifier } from "./quoting";
import { commaLines, constantStringLiteral, indent } from "./sql-text";

/**
 * The small pieces the alert query (alert-queries.ts) is built from: quoting helpers and the
 * common shape of every check, so each check's SELECT can be UNION ALLed with the others.
 */

export const q = quoteIdentifier;
/** `alias`.`part`.`part`: a column or struct field of a table alias. */
export const col = (alias: string, ...parts: string[]) =>
  [alias, ...parts.map((part) => q(part))].join(".");
export const lit = constantStringLiteral;

/** The columns every check produces, in this order, so the checks can be UNION ALLed. */
const CHECK_COLUMNS = [
  "column_name",
  "statistic",
  "drift_type",
  "granularity",
  "comparator",
  "threshold",
  "observed",
  "missing_is_breach",
  "problem",
  "detail",
] as const;
export type CheckColumn = (typeof CHECK_COLUMNS)[number];

export function checkSelect(values: Record<CheckColumn, string>): string {
  return `SELECT\n${indent(commaLines(CHECK_COLUMNS.map((name) => `${values[name]} AS ${q(name)}`)))}`;
}

/** The threshold's own columns, as every check reports them. */
export function thresholdColumns(
  alias: string,
): Pick<
  Record<CheckColumn, string>,
  "column_name" | "statistic" | "drift_type" | "comparator" | "threshold"
> {
  return {
    column_name: col(alias, "column_name"),
    statistic: col(alias, "statistic"),
    drift_type: col(alias, "drift_type"),
    comparator: col(alias, "comparator"),
    threshold: col(alias, "value"),
  };
}

export function comparatorLiteral(comparator: string): string {
  if (!isComparator(comparator))
    throw new Error(`unknown comparator ${JSON.stringify(comparator)}`);
  // The comparator alphabet is < > =: nothing that needs escaping in a literal.
  return `'${comparator}'`;
}

export function inList(expression: string, values: readonly string[]): string {
  return `${expression} IN (${values.map(lit).join(", ")})`;
}

export const NULL_TEXT = "CAST(NULL AS STRING)";

/** One common table expression of the alert query: its name and its body. */
export type Cte = [name: string, body: string];

/** Rows of a metric table that describe the whole table over all model ids (monitor-metric-rows.ts). */
export const wholeTable = (alias: string) => wholeTableAllModels((name) => col(alias, name));
/** Rows of a window that has ended. */
export const ended = (alias: string) => `${col(alias, "window", "end")} <= current_timestamp()`;
/** Profile rows of the input data (the only log type the project's monitors write). */
export const inputRows = (alias: string) => `${col(alias, "log_type")} = ${lit("INPUT")}`;
/** Threshold rows of the data-quality checks. */
export const isDataQuality = (alias: string) =>
  `${col(alias, "drift_type")} = ${lit(DATA_QUALITY)}`;
/** Hours from `timestamp` until now, fractional. */
export const hoursSince = (timestamp: string) =>
  `CAST(timestampdiff(MINUTE, ${timestamp}, current_timestamp()) AS DOUBLE) / 60`;
