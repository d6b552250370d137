import { commaLines, constantStringLiteral, indent } from "./sql-text";
import type { ThresholdRow } from "../core/threshold-rows";
import type { TableName } from "../core/types";
import { quoteIdentifier, quoteTableName } from "./quoting";

/**
 * The drift thresholds table: one per stack in the monitoring schema, one row per threshold per
 * model, written by the DriftThresholds dynamic provider and read by the alert queries.
 *
 * Every value reaches these statements as a named parameter (`:model`, `:column_0`, ...); the
 * only text spliced in is the validated, quoted table name and our own column names and
 * constants. A statement is returned with its parameters so callers cannot pair them wrongly.
 * Every statement here is idempotent: the SQL runner sends one again after a lost answer.
 */

export interface Statement {
  sql: string;
  parameters: Record<string, string | number>;
}

/** Column name, type and comment; the first five columns identify a row. */
export const THRESHOLD_COLUMNS = [
  ["model", "STRING", "Model name, the file name of its models/ YAML"],
  ["column_name", "STRING", "Feature or prediction column, or :table for table-level checks"],
  ["statistic", "STRING", "Drift statistic (e.g. ks_test.pvalue) or data-quality check"],
  ["drift_type", "STRING", "CONSECUTIVE, BASELINE or DATA_QUALITY"],
  ["severity", "STRING", "warning or critical: which alert evaluates the row"],
  [
    "comparator",
    "STRING",
    "Which side of the value is a breach (greater or less, with or without equal)",
  ],
  ["value", "DOUBLE", "The threshold"],
  ["updated_at", "TIMESTAMP", "When the row was last written"],
  [
    "owner",
    "STRING",
    "Token of the DriftThresholds resource that holds the row, whose delete removes only its own rows",
  ],
] as const;

/**
 * The only nullable column: rows written by hand, or by a resource created before owners
 * existed, have none, and belong to whichever resource of the model deletes first.
 */
const NULLABLE_COLUMNS: readonly string[] = ["owner"];

const KEY_COLUMNS = ["column_name", "statistic", "drift_type", "severity"] as const;
const SELECTED_COLUMNS = [...KEY_COLUMNS, "comparator", "value"] as const;

export const THRESHOLDS_TABLE_COMMENT =
  "Drift and data-quality thresholds per model, managed by model-monitoring (pulumi)";

/**
 * Idempotent DDL. Delta, because MERGE needs it. No clustering or partitioning: the table holds
 * a few hundred rows per stack. NOT NULL everywhere: a row missing a part cannot be matched by
 * the alert query and would be a silent gap.
 */
export function createThresholdsTableSql(table: TableName): string {
  const columns = THRESHOLD_COLUMNS.map(
    ([name, type, comment]) =>
      `${quoteIdentifier(name)} ${type}${NULLABLE_COLUMNS.includes(name) ? "" : " NOT NULL"} ` +
      `COMMENT ${constantStringLiteral(comment)}`,
  );
  return [
    `CREATE TABLE IF NOT EXISTS ${quoteTableName(table)} (`,
    indent(commaLines(columns)),
    ")",
    "USING DELTA",
    `COMMENT ${constantStringLiteral(THRESHOLDS_TABLE_COMMENT)}`,
  ].join("\n");
}

/** One model's rows, in key order (read-only). */
export function selectModelThresholdsSql(table: TableName, model: string): Statement {
  return {
    sql: [
      `SELECT ${SELECTED_COLUMNS.map((c) => quoteIdentifier(c)).join(", ")}`,
      `FROM ${quoteTableName(table)}`,
      `WHERE ${quoteIdentifier("model")} = :model`,
      `ORDER BY ${KEY_COLUMNS.map((c) => quoteIdentifier(c)).join(", ")}`,
    ].join("\n"),
    parameters: { model },
  };
}

/**
 * Removes one model's rows and nothing else. With an owner, only the rows that resource holds
 * (and ownerless ones): when Pulumi creates a replacement before deleting the old resource (a
 * forced replace, a rename without an alias), the replacement has claimed the rows by then and
 * the old resource's delete leaves them alone. Idempotent: a repeat finds nothing more to delete.
 */
export function deleteModelThresholdsSql(
  table: TableName,
  model: string,
  owner?: string,
): Statement {
  const where = `WHERE ${quoteIdentifier("model")} = :model`;
  if (owner === undefined) {
    return { sql: `DELETE FROM ${quoteTableName(table)}\n${where}`, parameters: { model } };
  }
  const ownerColumn = quoteIdentifier("owner");
  return {
    sql: [
      `DELETE FROM ${quoteTableName(table)}`,
      where,
      `  AND (${ownerColumn} = :owner OR ${ownerColumn} IS NULL)`,
    ].join("\n"),
    parameters: { model, owner },
  };
}

/**
 * Makes every row of the model this resource's (a create that finds its rows already there).
 * Idempotent: it sets the same owner again.
 */
export function claimModelThresholdsSql(table: TableName, model: string, owner: string): Statement {
  const ownerColumn = quoteIdentifier("owner");
  return {
    sql: [
      `UPDATE ${quoteTableName(table)}`,
      `SET ${ownerColumn} = :owner`,
      `WHERE ${quoteIdentifier("model")} = :model`,
      `  AND (${ownerColumn} IS NULL OR ${ownerColumn} <> :owner)`,
    ].join("\n"),
    parameters: { model, owner },
  };
}

export interface ThresholdChanges {
  /** Rows to insert, or to update where comparator or value differ. */
  upserts: readonly ThresholdRow[];
  /** Rows to remove (only their key fields matter). */
  removals: readonly ThresholdRow[];
}

/** At most this many rows per statement, so a statement's parameter list stays modest. */
export const MAX_ROWS_PER_STATEMENT = 200;

/**
 * One MERGE that applies a set of changes to one model's rows: upserts insert missing rows and
 * rewrite only rows whose comparator or value differ; removals delete by key. Re-running it
 * (a retry after a lost response) changes nothing more and duplicates nothing, because every
 * row is matched on its key. Throws for an empty change set: the caller sends no statement.
 */
export function applyThresholdChangesSql(
  table: TableName,
  model: string,
  changes: ThresholdChanges,
  /** The writing resource's token; rows it inserts or rewrites become its own. */
  owner?: string,
): Statement {
  const rows = [
    ...changes.upserts.map((row) => ({ row, remove: false })),
    ...changes.removals.map((row) => ({ row, remove: true })),
  ];
  if (rows.length === 0) throw new Error("applyThresholdChangesSql: no changes to apply");
  if (rows.length > MAX_ROWS_PER_STATEMENT) {
    throw new Error(
      `applyThresholdChangesSql: ${rows.length} rows, at most ${MAX_ROWS_PER_STATEMENT} per statement`,
    );
  }
  const parameters: Record<string, string | number> = { model };
  if (owner !== undefined) parameters.owner = owner;
  const ownerValue = owner === undefined ? "CAST(NULL AS STRING)" : ":owner";
  const sourceRows = rows.map(({ row, remove }, index) => {
    parameters[`column_${index}`] = row.column;
    parameters[`statistic_${index}`] = row.statistic;
    parameters[`drift_type_${index}`] = row.driftType;
    parameters[`severity_${index}`] = row.severity;
    const items = [
      `${remove ? "TRUE" : "FALSE"} AS ${quoteIdentifier("remove")}`,
      `:column_${index} AS ${quoteIdentifier("column_name")}`,
      `:statistic_${index} AS ${quoteIdentifier("statistic")}`,
      `:drift_type_${index} AS ${quoteIdentifier("drift_type")}`,
      `:severity_${index} AS ${quoteIdentifier("severity")}`,
    ];
    if (remove) {
      items.push(`CAST(NULL AS STRING) AS ${quoteIdentifier("comparator")}`);
      items.push(`CAST(NULL AS DOUBLE) AS ${quoteIdentifier("value")}`);
    } else {
      parameters[`comparator_${index}`] = row.comparator;
      parameters[`value_${index}`] = row.value;
      items.push(`:comparator_${index} AS ${quoteIdentifier("comparator")}`);
      // The driver types 15 as INTEGER and 0.5 as DOUBLE: the cast makes every row DOUBLE.
      items.push(`CAST(:value_${index} AS DOUBLE) AS ${quoteIdentifier("value")}`);
    }
    return `SELECT ${items.join(", ")}`;
  });

  const q = quoteIdentifier;
  const tgt = (column: string) => `tgt.${q(column)}`;
  const src = (column: string) => `src.${q(column)}`;
  const on = [
    `${tgt("model")} = :model`,
    ...KEY_COLUMNS.map((column) => `${tgt(column)} = ${src(column)}`),
  ].join("\n  AND ");
  const insertColumns = THRESHOLD_COLUMNS.map(([name]) => q(name));
  const insertValues = [
    ":model",
    ...KEY_COLUMNS.map(src),
    src("comparator"),
    src("value"),
    "current_timestamp()",
    ownerValue,
  ];
  return {
    sql: [
      `MERGE INTO ${quoteTableName(table)} AS tgt`,
      "USING (",
      indent(sourceRows.join("\nUNION ALL\n")),
      ") AS src",
      `ON ${on}`,
      `WHEN MATCHED AND ${src("remove")} THEN DELETE`,
      `WHEN MATCHED AND NOT ${src("remove")}`,
      `  AND (${tgt("comparator")} <> ${src("comparator")} OR ${tgt("value")} <> ${src("value")}) THEN UPDATE SET`,
      indent(
        commaLines([
          `${q("comparator")} = ${src("comparator")}`,
          `${q("value")} = ${src("value")}`,
          `${q("updated_at")} = current_timestamp()`,
          `${q("owner")} = ${ownerValue}`,
        ]),
      ),
      `WHEN NOT MATCHED AND NOT ${src("remove")} THEN INSERT (${insertColumns.join(", ")})`,
      `  VALUES (${insertValues.join(", ")})`,
    ].join("\n"),
    parameters,
  };
}

/** Column names a caller may check against (e.g. the alert query's column references). */
export const THRESHOLDS_TABLE_COLUMN_NAMES: readonly string[] = THRESHOLD_COLUMNS.map(
  ([name]) => name,
);
