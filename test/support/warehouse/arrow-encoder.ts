import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  makeBuilder,
  makeData,
  Map_,
  Null,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimestampMicrosecond,
  Utf8,
} from "apache-arrow";
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBValue,
} from "@duckdb/node-api";
import { ResultType } from "./result-types";

/**
 * Result rows as Arrow IPC, the format a real warehouse sends (ARROW_BASED_SET): the driver gets
 * Date objects for DATE/TIMESTAMP, numbers for BIGINT, objects/arrays for STRUCT/ARRAY/MAP.
 * `schemaMessage` is the IPC schema message (TGetResultSetMetadataResp.arrowSchema); each batch
 * is one IPC record-batch message (TSparkArrowBatch.batch). The driver concatenates them into a
 * stream, so neither carries an end-of-stream marker.
 */
export class ArrowResultEncoder {
  readonly schemaMessage: Buffer;
  private readonly schema: Schema;

  constructor(private readonly columns: ReadonlyArray<{ name: string; type: ResultType }>) {
    this.schema = new Schema(
      columns.map((column) => new Field(column.name, arrowTypeOf(column.type), true)),
    );
    const writer = new RecordBatchStreamWriter();
    writer.reset(undefined, this.schema);
    writer.finish();
    this.schemaMessage = withoutEndOfStream(writer.toUint8Array(true));
  }

  /** Rows [from, to) of column-major values as one record-batch message. */
  encode(values: ReadonlyArray<readonly DuckDBValue[]>, from: number, to: number): Buffer {
    const length = to - from;
    const children = this.columns.map((column, index) => {
      const builder = makeBuilder({
        type: arrowTypeOf(column.type),
        nullValues: [null, undefined],
      });
      const columnValues = values[index] as readonly DuckDBValue[];
      for (let row = from; row < to; row++)
        builder.append(toArrowValue(column.type, columnValues[row] ?? null));
      return builder.finish().flush();
    });
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children });
    const writer = new RecordBatchStreamWriter();
    writer.write(new RecordBatch(this.schema, data));
    writer.finish();
    const stream = writer.toUint8Array(true);
    // The stream is schema message + batch message + end-of-stream; keep only the batch.
    return Buffer.from(
      stream.subarray(this.schemaMessage.length, stream.length - endOfStream.length),
    );
  }
}

/** Arrow IPC end-of-stream: continuation marker plus a zero length. */
const endOfStream = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);

function withoutEndOfStream(stream: Uint8Array): Buffer {
  return Buffer.from(stream.subarray(0, stream.length - endOfStream.length));
}

/**
 * The Arrow types a warehouse uses with the driver's default `useArrowNativeTypes` (timestamps,
 * decimals and complex types as Arrow types). Timestamp zone "Etc/UTC" is the session time zone.
 */
export function arrowTypeOf(type: ResultType): DataType {
  switch (type.kind) {
    case "boolean":
      return new Bool();
    case "tinyint":
      return new Int8();
    case "smallint":
      return new Int16();
    case "int":
      return new Int32();
    case "bigint":
      return new Int64();
    case "float":
      return new Float32();
    case "double":
      return new Float64();
    case "decimal":
      return new Decimal(type.scale, type.precision, 128);
    case "binary":
      return new Binary();
    case "date":
      return new DateDay();
    case "timestamp":
      return new TimestampMicrosecond("Etc/UTC");
    case "array":
      return new List(new Field("element", arrowTypeOf(type.element), true));
    case "struct":
      return new Struct(
        type.fields.map((field) => new Field(field.name, arrowTypeOf(field.type), true)),
      );
    case "map":
      return new Map_(
        new Field(
          "entries",
          new Struct<{ key: DataType; value: DataType }>([
            new Field("key", arrowTypeOf(type.key), false),
            new Field("value", arrowTypeOf(type.value), true),
          ]),
          false,
        ),
      );
    case "void":
      return new Null();
    case "string":
    case "interval":
      return new Utf8();
  }
}

const millisPerDay = 86_400_000;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** A DuckDB value in the shape apache-arrow's builder for `type` accepts. */
function toArrowValue(type: ResultType, value: DuckDBValue): unknown {
  if (value === null) return null;
  switch (type.kind) {
    case "bigint": {
      const big = typeof value === "bigint" ? value : BigInt(value as number);
      if (big < int64Min || big > int64Max) throw new Error(`BIGINT overflow: ${big}`);
      return big;
    }
    case "decimal":
      return decimalWords((value as DuckDBDecimalValue).value);
    case "date":
      return (value as DuckDBDateValue).days * millisPerDay;
    case "timestamp":
      return timestampMillis(value);
    case "binary":
      return (value as DuckDBBlobValue).bytes;
    case "array":
      return (value as DuckDBListValue | DuckDBArrayValue).items.map((item) =>
        toArrowValue(type.element, item),
      );
    case "struct": {
      const entries = (value as DuckDBStructValue).entries;
      const result: Record<string, unknown> = {};
      for (const field of type.fields)
        result[field.name] = toArrowValue(field.type, entries[field.name] ?? null);
      return result;
    }
    case "map":
      return new Map(
        (value as DuckDBMapValue).entries.map((entry) => [
          toArrowValue(type.key, entry.key),
          toArrowValue(type.value, entry.value),
        ]),
      );
    case "string":
    case "interval":
      return typeof value === "string" ? value : String(value);
    default:
      return value;
  }
}

function timestampMillis(value: DuckDBValue): number {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return Number(value.micros) / 1000;
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) return Number(value.millis);
  if (value instanceof DuckDBTimestampSecondsValue) return Number(value.seconds) * 1000;
  if (value instanceof DuckDBTimestampNanosecondsValue) return Number(value.nanos) / 1_000_000;
  throw new Error(`not a timestamp: ${String(value)}`);
}

/** A 128-bit two's-complement integer as four little-endian 32-bit words (Arrow Decimal128). */
function decimalWords(unscaled: bigint): Uint32Array {
  const bits = BigInt.asUintN(128, unscaled);
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = Number((bits >> BigInt(32 * i)) & 0xffffffffn);
  return words;
}
