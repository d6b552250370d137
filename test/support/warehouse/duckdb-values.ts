import {
  blobValue,
  dateValue,
  decimalValue,
  DuckDBType,
  DuckDBTypeId,
  DuckDBValue,
  listValue,
  mapValue,
  structValue,
  timestampValue,
} from "@duckdb/node-api";

/** A JavaScript value a seed row may hold. */
export type SeedValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | SeedValue[]
  | Map<unknown, SeedValue>
  | { [key: string]: SeedValue };

/**
 * Converts a seed row value to the DuckDB value for a column type: Date (or an ISO string) for
 * DATE/TIMESTAMP (read as UTC), arrays for ARRAY, plain objects for STRUCT, Map or plain object
 * for MAP, numbers for DECIMAL.
 */
export function toDuckDbValue(type: DuckDBType, value: SeedValue): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return Boolean(value);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return Number(value);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
      return typeof value === "bigint" ? value : BigInt(Math.trunc(Number(value)));
    case DuckDBTypeId.DECIMAL:
      return decimalValue(
        BigInt(Math.round(Number(value) * 10 ** type.scale)),
        type.width,
        type.scale,
      );
    case DuckDBTypeId.DATE:
      return dateValue(Math.floor(toMillis(value) / 86_400_000));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampValue(BigInt(Math.round(toMillis(value))) * 1000n);
    case DuckDBTypeId.BLOB:
      return blobValue(value instanceof Uint8Array ? value : String(value));
    case DuckDBTypeId.LIST:
      return listValue(asArray(value).map((item) => toDuckDbValue(type.valueType, item)));
    case DuckDBTypeId.STRUCT: {
      const record = value as Record<string, SeedValue>;
      return structValue(
        Object.fromEntries(
          type.entryNames.map((name, index) => [
            name,
            toDuckDbValue(type.entryTypes[index] as DuckDBType, record[name]),
          ]),
        ),
      );
    }
    case DuckDBTypeId.MAP: {
      const entries =
        value instanceof Map
          ? [...value.entries()]
          : Object.entries(value as Record<string, SeedValue>);
      return mapValue(
        entries.map(([key, item]) => ({
          key: toDuckDbValue(type.keyType, key as SeedValue),
          value: toDuckDbValue(type.valueType, item),
        })),
      );
    }
    default:
      return typeof value === "string"
        ? value
        : typeof value === "object"
          ? JSON.stringify(value)
          : String(value);
  }
}

function toMillis(value: SeedValue): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  // "2024-01-01", "2024-01-01 10:00:00" and ISO strings without a zone are UTC.
  const text = String(value).trim().replace(" ", "T");
  const zoned = text.length === 10 || /([zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`;
  const parsed = Date.parse(zoned);
  if (Number.isNaN(parsed)) throw new Error(`not a date or timestamp: ${String(value)}`);
  return parsed;
}

function asArray(value: SeedValue): SeedValue[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${String(value)}`);
  return value;
}
