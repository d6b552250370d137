/**
 * The TCLIService protocol as generated from the Thrift IDL that ships with the driver
 * (@databricks/sql/thrift). Its .d.ts files are global scripts rather than modules, so the
 * generated code is loaded with require and given the small typed surface the server uses.
 */
const generatedTypes = require("@databricks/sql/thrift/TCLIService_types");
const generatedService = require("@databricks/sql/thrift/TCLIService");

export const TStatusCode: {
  SUCCESS_STATUS: number;
  ERROR_STATUS: number;
  INVALID_HANDLE_STATUS: number;
} = generatedTypes.TStatusCode;

export const TOperationState: {
  INITIALIZED_STATE: number;
  RUNNING_STATE: number;
  FINISHED_STATE: number;
  CANCELED_STATE: number;
  CLOSED_STATE: number;
  ERROR_STATE: number;
  PENDING_STATE: number;
} = generatedTypes.TOperationState;

export const TTypeId: Record<
  | "BOOLEAN_TYPE"
  | "TINYINT_TYPE"
  | "SMALLINT_TYPE"
  | "INT_TYPE"
  | "BIGINT_TYPE"
  | "FLOAT_TYPE"
  | "DOUBLE_TYPE"
  | "STRING_TYPE"
  | "TIMESTAMP_TYPE"
  | "BINARY_TYPE"
  | "ARRAY_TYPE"
  | "MAP_TYPE"
  | "STRUCT_TYPE"
  | "DECIMAL_TYPE"
  | "NULL_TYPE"
  | "DATE_TYPE"
  | "INTERVAL_DAY_TIME_TYPE",
  number
> = generatedTypes.TTypeId;

export const TSparkRowSetType: { ARROW_BASED_SET: number } = generatedTypes.TSparkRowSetType;
export const TOperationType: { EXECUTE_STATEMENT: number } = generatedTypes.TOperationType;
export const TFetchOrientation: { FETCH_NEXT: number; FETCH_FIRST: number } =
  generatedTypes.TFetchOrientation;
export const TGetInfoType: Record<string, number> = generatedTypes.TGetInfoType;
export const TProtocolVersion: { SPARK_CLI_SERVICE_PROTOCOL_V8: number } =
  generatedTypes.TProtocolVersion;

export type ThriftProcessor = { process(input: unknown, output: unknown): void };
export const TCLIServiceProcessor: new (handler: object) => ThriftProcessor =
  generatedService.Processor;

/** node-int64 values as the Thrift reader returns them. */
export interface Int64Like {
  toNumber(allowImprecise?: boolean): number;
}

export interface THandleIdentifier {
  guid: Buffer;
  secret: Buffer;
}

export interface TSessionHandle {
  sessionId: THandleIdentifier;
}

export interface TOperationHandle {
  operationId: THandleIdentifier;
  operationType: number;
  hasResultSet: boolean;
}

export interface TStatus {
  statusCode: number;
  errorMessage?: string;
  sqlState?: string;
  displayMessage?: string;
  infoMessages?: string[];
}

export interface TOpenSessionReq {
  client_protocol?: number | null;
  client_protocol_i64?: Int64Like | null;
  configuration?: Record<string, string> | null;
  initialNamespace?: { catalogName?: string | null; schemaName?: string | null } | null;
}

export interface TExecuteStatementReq {
  sessionHandle: TSessionHandle;
  statement: string;
  getDirectResults?: { maxRows: Int64Like } | null;
  parameters?: Array<{
    name?: string | null;
    type?: string | null;
    value?: {
      stringValue?: string | null;
      doubleValue?: number | null;
      booleanValue?: boolean | null;
    } | null;
  }> | null;
  canReadArrowResult?: boolean | null;
}

export interface TFetchResultsReq {
  operationHandle: TOperationHandle;
  orientation?: number | null;
  maxRows: Int64Like;
  fetchType?: number | null;
}

export interface TColumnDesc {
  columnName: string;
  position: number;
  typeDesc: {
    types: Array<{
      primitiveEntry: {
        type: number;
        typeQualifiers?: {
          qualifiers: Record<string, { i32Value?: number; stringValue?: string }>;
        };
      };
    }>;
  };
  comment?: string;
}
