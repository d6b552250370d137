import { describeValue } from "../core/names";
import { COLUMN_TYPES, type ColumnType } from "../core/enums";

/**
 * The Databricks SQL spelling of each supported column type. Type names reach the SQL only
 * through this table, so a type string from config is either one of these eight keywords or
 * an error: that is why splicing them (into DDL and `from_json` schema strings) is safe.
 */
const SQL_TYPE_NAMES: Readonly<Record<ColumnType, string>> = {
  string: "STRING",
  boolean: "BOOLEAN",
  int: "INT",
  bigint: "BIGINT",
  float: "FLOAT",
  double: "DOUBLE",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === "string" && Object.hasOwn(SQL_TYPE_NAMES, value);
}

/** The SQL type keyword for a column type; throws, naming the value, for anything else. */
export function sqlTypeName(type: unknown, what = "column type"): string {
  if (!isColumnType(type)) {
    throw new Error(
      `invalid ${what} ${describeValue(type)}: expected one of ${COLUMN_TYPES.join(", ")}`,
    );
  }
  return SQL_TYPE_NAMES[type];
}
