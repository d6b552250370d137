import { setTimeout as sleep } from "node:timers/promises";
import { StatementLogEntry, WarehouseCounters } from "./counters";
import { DuckDbEngine, EngineSession } from "./duckdb-engine";
import { FaultInjector } from "./faults";
import { newHandleIdentifier, uuidOf } from "./handles";
import { errorStatus, ok, Operation } from "./operation";
import { WarehouseSqlError } from "./sql-errors";
import {
  Int64Like,
  TExecuteStatementReq,
  TFetchOrientation,
  TFetchResultsReq,
  TGetInfoType,
  TOpenSessionReq,
  TOperationHandle,
  TOperationType,
  TProtocolVersion,
  TSessionHandle,
  TStatusCode,
} from "./thrift-protocol";

export interface HandlerOptions {
  engine: DuckDbEngine;
  counters: WarehouseCounters;
  faults: FaultInjector;
  /** How long ExecuteStatement waits for the statement before answering RUNNING. */
  directResultsTimeoutMs: number;
  /** Upper bound on rows per FetchResults page (and per direct-results page). */
  maxRowsPerFetch: number;
}

interface Session {
  id: string;
  engine: EngineSession;
  operations: Set<string>;
  /** The operation whose SQL DuckDB is running right now, for CancelOperation. */
  executing?: string;
}

const serverProtocolVersion = TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8;

/**
 * The TCLIService calls the driver makes, answered the way a Databricks SQL warehouse answers
 * them (see local-warehouse-notes.md): protocol V8, UUID handles, direct results, SQL errors as
 * an ERROR_STATE operation rather than a failed call. Each method takes one request argument and
 * returns a promise, which the generated Processor supports.
 */
export class TcliHandler {
  private readonly sessions = new Map<string, Session>();
  private readonly operations = new Map<string, Operation>();

  constructor(private readonly options: HandlerOptions) {}

  async OpenSession(request: TOpenSessionReq) {
    const requested =
      request.client_protocol_i64?.toNumber(true) ??
      request.client_protocol ??
      serverProtocolVersion;
    const protocol = Math.min(requested, serverProtocolVersion);
    let engine: EngineSession;
    try {
      engine = await this.options.engine.openSession({
        catalog: request.initialNamespace?.catalogName,
        schema: request.initialNamespace?.schemaName,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: errorStatus(message), serverProtocolVersion: protocol };
    }
    const sessionId = newHandleIdentifier();
    const id = uuidOf(sessionId);
    this.sessions.set(id, { id, engine, operations: new Set() });
    this.options.counters.sessionsOpened++;
    return {
      status: ok,
      serverProtocolVersion: protocol,
      sessionHandle: { sessionId },
      configuration: {},
      canUseMultipleCatalogs: true,
    };
  }

  async CloseSession(request: { sessionHandle: TSessionHandle }) {
    const session = this.session(request.sessionHandle);
    if (!session) return { status: invalidHandle("SessionHandle") };
    await this.closeSession(session);
    return { status: ok };
  }

  async GetInfo(request: { sessionHandle: TSessionHandle; infoType: number }) {
    if (!this.session(request.sessionHandle))
      return { status: invalidHandle("SessionHandle"), infoValue: {} };
    // Values a Spark/Databricks Thrift server reports (UNCONFIRMED against a live warehouse).
    const answers: Record<number, string> = {
      [TGetInfoType.CLI_SERVER_NAME as number]: "Spark SQL",
      [TGetInfoType.CLI_DBMS_NAME as number]: "Spark SQL",
      [TGetInfoType.CLI_DBMS_VER as number]: "3.5.0",
    };
    const answer = answers[request.infoType];
    if (answer === undefined) {
      return {
        status: errorStatus(
          `GetInfo type ${request.infoType} is not supported by the local SQL warehouse`,
        ),
        infoValue: {},
      };
    }
    return { status: ok, infoValue: { stringValue: answer } };
  }

  async ExecuteStatement(request: TExecuteStatementReq) {
    const session = this.session(request.sessionHandle);
    if (!session) return { status: invalidHandle("SessionHandle") };
    const { counters } = this.options;
    counters.statementsExecuted++;
    const operationId = newHandleIdentifier();
    const handle: TOperationHandle = {
      operationId,
      operationType: TOperationType.EXECUTE_STATEMENT,
      hasResultSet: true,
    };
    const operation = new Operation(
      uuidOf(operationId),
      handle,
      session.id,
      this.options.maxRowsPerFetch,
    );
    this.operations.set(operation.id, operation);
    session.operations.add(operation.id);
    const parameters = (request.parameters ?? []).map((parameter) => ({
      name: parameter.name,
      type: parameter.type,
      value: parameter.value ? { ...parameter.value } : parameter.value,
    }));
    const log: StatementLogEntry = {
      sessionId: session.id,
      operationId: operation.id,
      received: request.statement,
      parameters,
      state: "running",
      startedAt: new Date(),
    };
    counters.statements.push(log);
    void this.run(session, operation, request.statement, parameters, log);

    await Promise.race([
      operation.settled,
      sleep(this.options.directResultsTimeoutMs, undefined, { ref: false }),
    ]);
    handle.hasResultSet = operation.hasResultSet;
    if (!request.getDirectResults) return { status: ok, operationHandle: handle };
    return {
      status: ok,
      operationHandle: handle,
      directResults: this.directResults(operation, request.getDirectResults.maxRows),
    };
  }

  async GetOperationStatus(request: { operationHandle: TOperationHandle }) {
    const operation = this.operation(request.operationHandle);
    if (!operation) return { status: invalidHandle("OperationHandle") };
    return operation.status();
  }

  async GetResultSetMetadata(request: { operationHandle: TOperationHandle }) {
    const operation = this.operation(request.operationHandle);
    if (!operation) return { status: invalidHandle("OperationHandle") };
    return operation.metadata();
  }

  async FetchResults(request: TFetchResultsReq) {
    const operation = this.operation(request.operationHandle);
    if (!operation) return { status: invalidHandle("OperationHandle") };
    return operation.fetch(request.maxRows.toNumber(true), request.orientation);
  }

  async CancelOperation(request: { operationHandle: TOperationHandle }) {
    const operation = this.operation(request.operationHandle);
    if (!operation) return { status: invalidHandle("OperationHandle") };
    const session = this.sessions.get(operation.sessionKey);
    if (operation.state === "running" && session?.executing === operation.id)
      session.engine.interrupt();
    operation.cancel();
    return { status: ok };
  }

  async CloseOperation(request: { operationHandle: TOperationHandle }) {
    const operation = this.operation(request.operationHandle);
    if (!operation) return { status: invalidHandle("OperationHandle") };
    this.forget(operation);
    return { status: ok };
  }

  // Catalog metadata calls are outside the stand-in: answer with an error status so the driver
  // raises at once instead of retrying.
  GetTypeInfo = unsupported("GetTypeInfo");
  GetCatalogs = unsupported("GetCatalogs");
  GetSchemas = unsupported("GetSchemas");
  GetTables = unsupported("GetTables");
  GetTableTypes = unsupported("GetTableTypes");
  GetColumns = unsupported("GetColumns");
  GetFunctions = unsupported("GetFunctions");
  GetPrimaryKeys = unsupported("GetPrimaryKeys");
  GetCrossReference = unsupported("GetCrossReference");
  GetDelegationToken = unsupported("GetDelegationToken");
  CancelDelegationToken = unsupported("CancelDelegationToken");
  RenewDelegationToken = unsupported("RenewDelegationToken");

  /** Closes every session (warehouse shutdown). */
  async closeAll(): Promise<void> {
    for (const session of [...this.sessions.values()]) await this.closeSession(session);
  }

  private async run(
    session: Session,
    operation: Operation,
    sql: string,
    parameters: StatementLogEntry["parameters"],
    log: StatementLogEntry,
  ): Promise<void> {
    const { faults, counters } = this.options;
    const started = Date.now();
    const delay = faults.takeStatementDelay(sql);
    if (delay) await Promise.race([sleep(delay.ms, undefined, { ref: false }), operation.settled]);
    if (operation.state === "running" && faults.takeStatementCancel(sql)) operation.cancel();
    const injected = operation.state === "running" ? faults.takeStatementFailure(sql) : undefined;
    if (injected) {
      operation.fail(
        new WarehouseSqlError(
          injected.errorClass ?? "LOCAL_WAREHOUSE_INJECTED_FAILURE",
          injected.message ?? "Injected failure.",
          injected.sqlState ?? "HY000",
        ),
      );
    } else if (operation.state === "running") {
      session.executing = operation.id;
      const outcome = await session.engine.execute(sql, parameters);
      session.executing = undefined;
      log.translated = outcome.translated;
      if (outcome.ok) {
        operation.finish(outcome.result);
        log.rowCount = outcome.result.rowCount;
      } else {
        operation.fail(outcome.error);
      }
    }
    // Runs synchronously after finish()/fail(), before the ExecuteStatement answer can close it.
    if (operation.state === "error") {
      log.state = "failed";
      log.error = operation.error?.message;
      counters.statementsFailed++;
    } else {
      log.state = operation.state === "finished" ? "succeeded" : "canceled";
    }
    log.durationMs = Date.now() - started;
  }

  /**
   * Status, metadata and the first page in the ExecuteStatement answer. When every row fits, the
   * operation is closed server-side and `closeOperation` tells the driver not to fetch or close.
   */
  private directResults(operation: Operation, maxRows: Int64Like) {
    const operationStatus = operation.status();
    if (operation.state !== "finished") return { operationStatus };
    const resultSetMetadata = operation.metadata();
    const resultSet = operation.hasResultSet
      ? operation.fetch(maxRows.toNumber(true), TFetchOrientation.FETCH_FIRST)
      : undefined;
    if (operation.rowsRemaining > 0) return { operationStatus, resultSetMetadata, resultSet };
    this.forget(operation);
    return { operationStatus, resultSetMetadata, resultSet, closeOperation: { status: ok } };
  }

  private async closeSession(session: Session): Promise<void> {
    for (const id of session.operations) {
      const operation = this.operations.get(id);
      if (operation) this.forget(operation);
    }
    this.sessions.delete(session.id);
    if (session.executing) session.engine.interrupt();
    await session.engine.close();
    this.options.counters.sessionsClosed++;
  }

  private forget(operation: Operation): void {
    operation.close();
    this.operations.delete(operation.id);
    this.sessions.get(operation.sessionKey)?.operations.delete(operation.id);
  }

  private session(handle: TSessionHandle | undefined): Session | undefined {
    return handle?.sessionId ? this.sessions.get(uuidOf(handle.sessionId)) : undefined;
  }

  private operation(handle: TOperationHandle | undefined): Operation | undefined {
    return handle?.operationId ? this.operations.get(uuidOf(handle.operationId)) : undefined;
  }
}

function invalidHandle(kind: string) {
  return errorStatus(
    `Invalid ${kind}: unknown or already closed.`,
    TStatusCode.INVALID_HANDLE_STATUS,
  );
}

function unsupported(method: string) {
  return async (request: unknown) => {
    void request;
    return {
      status: errorStatus(
        `${method} is not supported by the local SQL warehouse`,
        TStatusCode.ERROR_STATUS,
        "0A000",
      ),
    };
  };
}
