import { DuckDBType, DuckDBTypeId } from "@duckdb/node-api";

/**
 * The Databricks type of a result column, derived from DuckDB's type. DuckDB has more integer
 * widths and unsigned types than Spark; they map onto the Spark type that holds them (HUGEINT,
 * which DuckDB's sum() returns, becomes BIGINT like Spark's sum of integers).
 */
export type ResultType =
  | {
      kind:
        | "boolean"
        | "tinyint"
        | "smallint"
        | "int"
        | "bigint"
        | "float"
        | "double"
        | "string"
        | "binary"
        | "date"
        | "timestamp"
        | "interval"
        | "void";
    }
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "array"; element: ResultType }
  | { kind: "struct"; fields: Array<{ name: string; type: ResultType }> }
  | { kind: "map"; key: ResultType; value: ResultType };

export function resultTypeOf(type: DuckDBType): ResultType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { kind: "boolean" };
    case DuckDBTypeId.TINYINT:
      return { kind: "tinyint" };
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return { kind: "smallint" };
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return { kind: "int" };
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return { kind: "bigint" };
    case DuckDBTypeId.FLOAT:
      return { kind: "float" };
    case DuckDBTypeId.DOUBLE:
      return { kind: "double" };
    case DuckDBTypeId.DECIMAL:
      return { kind: "decimal", precision: type.width, scale: type.scale };
    case DuckDBTypeId.BLOB:
      return { kind: "binary" };
    case DuckDBTypeId.DATE:
      return { kind: "date" };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { kind: "timestamp" };
    case DuckDBTypeId.INTERVAL:
      return { kind: "interval" };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { kind: "array", element: resultTypeOf(type.valueType) };
    case DuckDBTypeId.STRUCT:
      return {
        kind: "struct",
        fields: type.entryNames.map((name, index) => ({
          name,
          type: resultTypeOf(type.entryTypes[index] as DuckDBType),
        })),
      };
    case DuckDBTypeId.MAP:
      return { kind: "map", key: resultTypeOf(type.keyType), value: resultTypeOf(type.valueType) };
    case DuckDBTypeId.SQLNULL:
      return { kind: "void" };
    default:
      // VARCHAR, UUID, ENUM, TIME, JSON and other text-like types.
      return { kind: "string" };
  }
}
