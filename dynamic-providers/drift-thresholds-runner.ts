import { formatTableName } from "../core/names";
import {
  thresholdRowFromStored,
  type StoredThresholdRow,
  type ThresholdRow,
} from "../core/threshold-rows";
import type { TableName } from "../core/types";
import type { ConnectionSettings, RetryPolicy } from "../databricks-client/connection-settings";
import { processRegistry } from "../databricks-client/process-registry";
import { operationEndState, type SqlRunner } from "../databricks-client/sql-session";
import {
  MAX_ROWS_PER_STATEMENT,
  applyThresholdChangesSql,
  createThresholdsTableSql,
  selectModelThresholdsSql,
  type Statement,
  type ThresholdChanges,
} from "../sql/thresholds-table";
import { liveThresholds, type ThresholdMap } from "./drift-thresholds-changes";

/**
 * How the DriftThresholds provider reaches its table: one shared SQL session per workspace and
 * warehouse, statements sent again after a lost Delta write conflict, the table created once per
 * process, live rows read, and changes written in as few MERGEs as the row cap allows. Every
 * statement is idempotent (sql/thresholds-table.ts), so sending one again is always safe.
 */

export interface Connection {
  runner: SqlRunner;
  settings: ConnectionSettings;
}

/** The provider's connection; `warehouseId` (the resource's input) over the configured one. */
export function connect(provider: object, warehouseId?: string): Connection {
  const { connectionSettingsFor } =
    require("./shared/provider-settings") as typeof import("./shared/provider-settings");
  const { sharedSqlRunner } =
    require("../databricks-client/sql-session") as typeof import("../databricks-client/sql-session");
  const configured = connectionSettingsFor(provider);
  const settings = warehouseId === undefined ? configured : { ...configured, warehouseId };
  return { runner: sharedSqlRunner(settings), settings };
}

/** The driver error under the runner's wrapper, if any. */
function driverCause(error: unknown): Record<string, unknown> | undefined {
  const cause = (error as { cause?: unknown })?.cause;
  return cause !== null && typeof cause === "object"
    ? (cause as Record<string, unknown>)
    : undefined;
}

/**
 * Every model's DriftThresholds writes to the stack's one thresholds table, and Pulumi runs
 * them in parallel: two MERGEs can conflict at commit. Delta then fails one with a concurrent
 * modification error and nothing of it is applied. ASSUMPTION (Delta's exception classes, named
 * as Databricks error classes DELTA_CONCURRENT_APPEND, _DELETE_READ, _DELETE_DELETE,
 * _TRANSACTION, _WRITE, DELTA_METADATA_CHANGED): matched on the class or exception name.
 */
const DELTA_WRITE_CONFLICT =
  /\bDELTA_CONCURRENT_[A-Z_]+\b|\bDELTA_METADATA_CHANGED\b|\bConcurrent(Append|DeleteRead|DeleteDelete|Transaction|Write)Exception\b|\bMetadataChangedException\b/;

/**
 * Whether a failed statement may be sent again by this provider. The SQL runner already sends
 * again whatever was not the statement's own fault (refusals, broken connections, lost answers,
 * lost sessions) within the retry budget, so its final errors stay final here; the one SQL
 * error worth another try is a MERGE that lost a Delta write conflict. Every statement of this
 * provider is idempotent (sql/thresholds-table.ts), so sending one again is always safe.
 */
export function statementFailureVerdict(error: unknown): { retryable: boolean; reason?: string } {
  const cause = driverCause(error);
  if (operationEndState(cause) === "ERROR" && DELTA_WRITE_CONFLICT.test(String(cause?.message))) {
    return { retryable: true, reason: "Delta write conflict" };
  }
  return { retryable: false };
}

export async function run<T = Record<string, unknown>>(
  connection: Connection,
  statement: Statement | string,
): Promise<T[]> {
  const { withRetries } =
    require("../databricks-client/retry") as typeof import("../databricks-client/retry");
  const { sql, parameters } =
    typeof statement === "string" ? { sql: statement, parameters: undefined } : statement;
  const policy: RetryPolicy = connection.settings.retry;
  return withRetries(
    policy,
    () => connection.runner.execute<T>(sql, parameters),
    statementFailureVerdict,
  );
}

/** Missing table, schema or catalog: for read and delete, the rows are gone. */
export function isMissingTable(error: unknown): boolean {
  return /\b(TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|NO_SUCH_CATALOG_EXCEPTION|CATALOG_NOT_FOUND)\b/.test(
    String((error as Error)?.message ?? error),
  );
}

/** CREATE TABLE IF NOT EXISTS once per process and table (cheap, but not free on a warehouse). */
export async function ensureTable(connection: Connection, table: TableName): Promise<void> {
  const identity = ensuredIdentity(connection, table);
  if (ensuredTables().has(identity)) return;
  await run(connection, createThresholdsTableSql(table));
  ensuredTables().add(identity);
}

export function forgetEnsuredTable(connection: Connection, table: TableName): void {
  ensuredTables().delete(ensuredIdentity(connection, table));
}

/** Forgets every table ensured in this process (tests: as if in a new provider process). */
export function forgetEnsuredTables(): void {
  ensuredTables().clear();
}

/** Tables this process has created or found, by workspace, warehouse and name. */
function ensuredTables(): Set<string> {
  return processRegistry("drift-thresholds.ensured-tables", () => new Set<string>());
}

function ensuredIdentity(connection: Connection, table: TableName): string {
  return `${connection.settings.host}|${connection.settings.warehouseId ?? ""}|${formatTableName(table)}`;
}

export async function selectLive(
  connection: Connection,
  table: TableName,
  model: string,
): Promise<ThresholdMap> {
  const rows = await run<StoredThresholdRow>(connection, selectModelThresholdsSql(table, model));
  return liveThresholds(rows.map(thresholdRowFromStored));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}

/** Sends a change set as few MERGE statements as the per-statement row cap allows. */
export async function applyChanges(
  connection: Connection,
  table: TableName,
  model: string,
  changes: ThresholdChanges & { rewrites: ThresholdRow[] },
  owner: string | undefined,
): Promise<void> {
  if (changes.rewrites.length > 0) {
    // Remove every copy of a duplicated key first; the second pass inserts it once.
    for (const removals of chunks(changes.rewrites, MAX_ROWS_PER_STATEMENT)) {
      await run(
        connection,
        applyThresholdChangesSql(table, model, { upserts: [], removals }, owner),
      );
    }
  }
  const tagged = [
    ...[...changes.upserts, ...changes.rewrites].map((row) => ({ row, remove: false })),
    ...changes.removals.map((row) => ({ row, remove: true })),
  ];
  for (const batch of chunks(tagged, MAX_ROWS_PER_STATEMENT)) {
    await run(
      connection,
      applyThresholdChangesSql(
        table,
        model,
        {
          upserts: batch.filter((b) => !b.remove).map((b) => b.row),
          removals: batch.filter((b) => b.remove).map((b) => b.row),
        },
        owner,
      ),
    );
  }
}
