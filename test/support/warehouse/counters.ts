import { SparkParameter } from "./parameters";

/** One ExecuteStatement as the warehouse received it and as it ran in DuckDB. */
export interface StatementLogEntry {
  sessionId: string;
  operationId: string;
  /** The Databricks SQL exactly as the driver sent it. */
  received: string;
  parameters: SparkParameter[];
  /** The DuckDB statements it became (absent when translation failed). */
  translated?: string[];
  state: "running" | "succeeded" | "failed" | "canceled";
  /** The error message the driver saw, for failed statements. */
  error?: string;
  rowCount?: number;
  startedAt: Date;
  durationMs?: number;
}

/** What the warehouse has seen; tests read it to assert sessions and statements. */
export class WarehouseCounters {
  sessionsOpened = 0;
  sessionsClosed = 0;
  /** ExecuteStatement calls that reached the engine (successful or not). */
  statementsExecuted = 0;
  statementsFailed = 0;
  /** Every HTTP request, including rejected ones. */
  httpRequests = 0;
  /** Requests refused with 401 (bad or missing token). */
  unauthorizedRequests = 0;
  /** Thrift calls by method name (OpenSession, ExecuteStatement, FetchResults, ...). */
  thriftCalls: Record<string, number> = {};
  statements: StatementLogEntry[] = [];

  reset(): void {
    this.sessionsOpened = 0;
    this.sessionsClosed = 0;
    this.statementsExecuted = 0;
    this.statementsFailed = 0;
    this.httpRequests = 0;
    this.unauthorizedRequests = 0;
    this.thriftCalls = {};
    this.statements = [];
  }
}
