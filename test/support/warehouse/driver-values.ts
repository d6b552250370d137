import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBValue,
} from "@duckdb/node-api";
import { StatementResult } from "./duckdb-engine";
import { ResultType } from "./result-types";

/**
 * Rows shaped like the driver's `fetchAll()` output for the same result (Arrow path, default
 * options): Date for DATE/TIMESTAMP, number for BIGINT and DECIMAL, objects for STRUCT and MAP,
 * arrays for ARRAY. Used by `LocalWarehouse.query`, which skips the network.
 */
export function driverRows(result: StatementResult): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (let row = 0; row < result.rowCount; row++) {
    const record: Record<string, unknown> = {};
    result.columns.forEach((column, index) => {
      record[column.name] = driverValue(column.type, result.values[index]?.[row] ?? null);
    });
    rows.push(record);
  }
  return rows;
}

function driverValue(type: ResultType, value: DuckDBValue): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "bigint":
      return Number(value as bigint);
    case "decimal": {
      const decimal = value as DuckDBDecimalValue;
      return Number(decimal.value) / 10 ** decimal.scale;
    }
    case "date":
      return new Date((value as DuckDBDateValue).days * 86_400_000);
    case "timestamp":
      return new Date(Number((value as { micros?: bigint }).micros ?? 0n) / 1000);
    case "binary":
      return Buffer.from((value as DuckDBBlobValue).bytes);
    case "array":
      return (value as DuckDBListValue | DuckDBArrayValue).items.map((item) =>
        driverValue(type.element, item),
      );
    case "struct": {
      const entries = (value as DuckDBStructValue).entries;
      return Object.fromEntries(
        type.fields.map((field) => [
          field.name,
          driverValue(field.type, entries[field.name] ?? null),
        ]),
      );
    }
    case "map":
      return Object.fromEntries(
        (value as DuckDBMapValue).entries.map((entry) => [
          String(entry.key),
          driverValue(type.value, entry.value),
        ]),
      );
    case "string":
    case "interval":
      return typeof value === "string" ? value : String(value);
    default:
      return value;
  }
}
