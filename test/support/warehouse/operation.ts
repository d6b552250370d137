import Int64 from "node-int64";
import { ArrowResultEncoder } from "./arrow-encoder";
import { StatementResult } from "./duckdb-engine";
import { ResultType } from "./result-types";
import { WarehouseSqlError } from "./sql-errors";
import {
  TColumnDesc,
  TFetchOrientation,
  TOperationHandle,
  TOperationState,
  TSparkRowSetType,
  TStatus,
  TStatusCode,
  TTypeId,
} from "./thrift-protocol";

export const ok: TStatus = { statusCode: TStatusCode.SUCCESS_STATUS };

export function errorStatus(
  message: string,
  statusCode = TStatusCode.ERROR_STATUS,
  sqlState = "HY000",
): TStatus {
  return { statusCode, errorMessage: message, displayMessage: message, sqlState };
}

type State = "running" | "finished" | "error" | "canceled" | "closed";

/**
 * One ExecuteStatement: its state and, once finished, its result paged out as Arrow batches.
 * An operation that failed keeps `hasResultSet = true`, otherwise the driver never asks for the
 * status and reports an empty result instead of the error.
 */
export class Operation {
  state: State = "running";
  result?: StatementResult;
  error?: WarehouseSqlError;
  private encoder?: ArrowResultEncoder;
  private cursor = 0;
  private readonly startedAt = Date.now();
  private completedAt?: number;
  /** Resolves when the statement has finished, failed or been canceled. */
  readonly settled: Promise<void>;
  private settle!: () => void;

  constructor(
    readonly id: string,
    readonly handle: TOperationHandle,
    readonly sessionKey: string,
    private readonly maxRowsPerFetch: number,
  ) {
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  finish(result: StatementResult): void {
    if (this.state !== "running") return;
    this.result = result;
    this.encoder = new ArrowResultEncoder(result.columns);
    this.state = "finished";
    this.complete();
  }

  fail(error: WarehouseSqlError): void {
    if (this.state !== "running") return;
    this.error = error;
    this.state = "error";
    this.complete();
  }

  cancel(): void {
    if (this.state !== "running") return;
    this.state = "canceled";
    this.complete();
  }

  close(): void {
    this.state = "closed";
    this.result = undefined;
    this.complete();
  }

  get hasResultSet(): boolean {
    return this.state !== "finished" || (this.result?.columns.length ?? 0) > 0;
  }

  get rowsRemaining(): number {
    return (this.result?.rowCount ?? 0) - this.cursor;
  }

  status() {
    const stateCode = {
      running: TOperationState.RUNNING_STATE,
      finished: TOperationState.FINISHED_STATE,
      error: TOperationState.ERROR_STATE,
      canceled: TOperationState.CANCELED_STATE,
      closed: TOperationState.CLOSED_STATE,
    }[this.state];
    return {
      status: ok,
      operationState: stateCode,
      hasResultSet: this.hasResultSet,
      operationStarted: new Int64(this.startedAt),
      ...(this.completedAt !== undefined
        ? { operationCompleted: new Int64(this.completedAt) }
        : {}),
      ...(this.result?.numModifiedRows !== undefined
        ? { numModifiedRows: new Int64(this.result.numModifiedRows) }
        : {}),
      ...(this.error
        ? {
            errorMessage: this.error.message,
            displayMessage: this.error.message,
            sqlState: this.error.sqlState,
            errorCode: 0,
          }
        : {}),
    };
  }

  metadata() {
    if (this.state !== "finished" || !this.result || !this.encoder) {
      return { status: errorStatus(`The operation is ${this.state}; it has no result set.`) };
    }
    return {
      status: ok,
      schema: {
        columns: this.result.columns.map((column, index) => columnDescription(column, index)),
      },
      resultFormat: TSparkRowSetType.ARROW_BASED_SET,
      lz4Compressed: false,
      arrowSchema: this.encoder.schemaMessage,
    };
  }

  /** The next page of rows (at most `maxRows`, and at most the warehouse's page size). */
  fetch(maxRows: number, orientation?: number | null) {
    if (this.state !== "finished" || !this.result || !this.encoder) {
      return { status: errorStatus(`The operation is ${this.state}; there are no rows to fetch.`) };
    }
    if (orientation === TFetchOrientation.FETCH_FIRST) this.cursor = 0;
    const from = this.cursor;
    const to = Math.min(
      this.result.rowCount,
      from + Math.max(1, Math.min(maxRows, this.maxRowsPerFetch)),
    );
    this.cursor = to;
    let batch: Buffer | undefined;
    try {
      batch = to > from ? this.encoder.encode(this.result.values, from, to) : undefined;
    } catch (error) {
      // A value Arrow cannot carry (a HUGEINT beyond BIGINT): fail like an overflowing warehouse.
      const message = String((error as { message?: string }).message);
      return { status: errorStatus(`[ARITHMETIC_OVERFLOW] ${message} SQLSTATE: 22003`) };
    }
    const arrowBatches = batch ? [{ batch, rowCount: new Int64(to - from) }] : [];
    return {
      status: ok,
      hasMoreRows: to < this.result.rowCount,
      results: { startRowOffset: new Int64(from), rows: [], arrowBatches },
    };
  }

  private complete(): void {
    this.completedAt ??= Date.now();
    this.settle();
  }
}

/** Databricks sends every type, complex ones too, as a primitive entry with the type id. */
function columnDescription(column: { name: string; type: ResultType }, index: number): TColumnDesc {
  const type = column.type;
  const primitiveEntry =
    type.kind === "decimal"
      ? {
          type: TTypeId.DECIMAL_TYPE,
          typeQualifiers: {
            qualifiers: {
              precision: { i32Value: type.precision },
              scale: { i32Value: type.scale },
            },
          },
        }
      : { type: thriftTypeIds[type.kind] };
  return {
    columnName: column.name,
    position: index + 1,
    typeDesc: { types: [{ primitiveEntry }] },
  };
}

const thriftTypeIds: Record<ResultType["kind"], number> = {
  boolean: TTypeId.BOOLEAN_TYPE,
  tinyint: TTypeId.TINYINT_TYPE,
  smallint: TTypeId.SMALLINT_TYPE,
  int: TTypeId.INT_TYPE,
  bigint: TTypeId.BIGINT_TYPE,
  float: TTypeId.FLOAT_TYPE,
  double: TTypeId.DOUBLE_TYPE,
  string: TTypeId.STRING_TYPE,
  binary: TTypeId.BINARY_TYPE,
  date: TTypeId.DATE_TYPE,
  timestamp: TTypeId.TIMESTAMP_TYPE,
  interval: TTypeId.INTERVAL_DAY_TIME_TYPE,
  void: TTypeId.NULL_TYPE,
  decimal: TTypeId.DECIMAL_TYPE,
  array: TTypeId.ARRAY_TYPE,
  struct: TTypeId.STRUCT_TYPE,
  map: TTypeId.MAP_TYPE,
};
