import type * as pulumi from "@pulumi/pulumi";
import { operationEndState, type SqlRunner } from "../databricks-client/sql-session";
import type { ConnectionSettings, RetryPolicy } from "../databricks-client/settings";
import { parseTableName, formatTableName } from "../core/names";
import {
  thresholdRowFromStored,
  type StoredThresholdRow,
  type ThresholdRow,
} from "../core/threshold-rows";
import {
  MAX_ROWS_PER_STATEMENT,
  applyThresholdChangesSql,
  claimModelThresholdsSql,
  createThresholdsTableSql,
  deleteModelThresholdsSql,
  selectModelThresholdsSql,
  type Statement,
  type ThresholdChanges,
} from "../sql/thresholds-table";
import type { TableName } from "../core/types";
import {
  diffThresholds,
  hasChanges,
  liveThresholds,
  sameThresholds,
  thresholdChanges,
  type ThresholdMap,
} from "./drift-thresholds-changes";
import { checkInputs, type DriftThresholdsInputs } from "./drift-thresholds-inputs";
import type { ProviderImplementation } from "./shared/delegating-provider";
import { PartialCreateError } from "./shared/partial-create";

/**
 * The DriftThresholds provider's work. The serialized provider (drift-thresholds.ts) loads this
 * module by path and hands over `this`, the provider object, which keys its configuration.
 *
 * Statements per operation: read 1 (SELECT); update 0 when nothing changed, else 1 MERGE (2
 * when duplicate rows must be rewritten); delete 1; create 2-3 (the CREATE TABLE once per
 * process and table, SELECT, MERGE; or SELECT, UPDATE claiming rows already there, and a
 * MERGE when adopted rows differ). Rows carry their resource's `owner` token: see
 * deleteModelThresholdsSql. Every statement is idempotent (CREATE TABLE IF NOT EXISTS, SELECT,
 * an UPDATE setting the owner, MERGEs keyed on the row key, a DELETE by model and owner), so
 * the SQL runner sends one again after a lost answer or a broken session.
 */

export { checkInputs as check };

export function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  return diffThresholds(olds, news);
}

export function configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void {
  const { rememberConfiguration } =
    require("./shared/provider-settings") as typeof import("./shared/provider-settings");
  rememberConfiguration(provider, req);
}

interface Connection {
  runner: SqlRunner;
  settings: ConnectionSettings;
}

function connect(provider: object): Connection {
  const { connectionSettingsFor } =
    require("./shared/provider-settings") as typeof import("./shared/provider-settings");
  const { sharedSqlRunner } =
    require("../databricks-client/sql-session") as typeof import("../databricks-client/sql-session");
  const settings = connectionSettingsFor(provider);
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

async function run<T = Record<string, unknown>>(
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
async function ensureTable(connection: Connection, table: TableName): Promise<void> {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  const key = Symbol.for("model-monitoring.drift-thresholds.ensured-tables");
  const ensured = (holder[key] ??= new Set<string>());
  const identity = `${connection.settings.host}|${connection.settings.warehouseId ?? ""}|${formatTableName(table)}`;
  if (ensured.has(identity)) return;
  await run(connection, createThresholdsTableSql(table));
  ensured.add(identity);
}

function forgetEnsuredTable(connection: Connection, table: TableName): void {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  holder[Symbol.for("model-monitoring.drift-thresholds.ensured-tables")]?.delete(
    `${connection.settings.host}|${connection.settings.warehouseId ?? ""}|${formatTableName(table)}`,
  );
}

/** Forgets every table ensured in this process (tests: as if in a new provider process). */
export function forgetEnsuredTables(): void {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  holder[Symbol.for("model-monitoring.drift-thresholds.ensured-tables")]?.clear();
}

async function selectLive(
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
async function applyChanges(
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

function inputsOf(props: Record<string, unknown>): DriftThresholdsInputs {
  return {
    table: String(props.table),
    model: String(props.model),
    thresholds: (props.thresholds ?? {}) as ThresholdMap,
    adopt: props.adopt === true,
  };
}

/**
 * The token that marks this resource's rows (the `owner` column), an output kept in its state.
 * Undefined for a resource created before owners existed: its delete removes the model's rows.
 */
function ownerOf(props: Record<string, unknown>): string | undefined {
  return typeof props.owner === "string" && props.owner !== "" ? props.owner : undefined;
}

/** Outputs carrying the owner token when there is one. */
function withOwner<T extends object>(outs: T, owner: string | undefined): T & { owner?: string } {
  return owner === undefined ? outs : { ...outs, owner };
}

function newOwner(): string {
  const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
  return randomUUID();
}

export function resourceId(inputs: Pick<DriftThresholdsInputs, "table" | "model">): string {
  return `${inputs.table}/${inputs.model}`;
}

/** `table/model` back from an id (read without props). */
function parseId(id: string): { table: string; model: string } | undefined {
  const slash = id.indexOf("/");
  return slash > 0 ? { table: id.slice(0, slash), model: id.slice(slash + 1) } : undefined;
}

function describeDifference(live: ThresholdMap, desired: ThresholdMap): string {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort();
  const lines = keys.flatMap((key) => {
    const a = live[key];
    const b = desired[key];
    if (a && b && a.comparator === b.comparator && a.value === b.value) return [];
    const show = (row: ThresholdRow | undefined) =>
      row ? `${row.comparator} ${row.value}` : "absent";
    return [`${key}: live ${show(a)}, program ${show(b)}`];
  });
  const shown = lines.slice(0, 5).join("; ");
  return lines.length > 5 ? `${shown}; and ${lines.length - 5} more` : shown;
}

export async function create(
  provider: object,
  props: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsOf(props);
  const table = parseTableName(inputs.table);
  const id = resourceId(inputs);
  const owner = newOwner();
  const outs = { ...inputs, owner };
  const connection = connect(provider);
  await ensureTable(connection, table);
  let live: ThresholdMap;
  try {
    live = await selectLive(connection, table, inputs.model);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    // Dropped since this process ensured it: ensure again.
    forgetEnsuredTable(connection, table);
    await ensureTable(connection, table);
    live = {};
  }
  if (Object.keys(live).length > 0) {
    if (!inputs.adopt && !sameThresholds(live, inputs.thresholds)) {
      throw new Error(
        `${formatTableName(table)} already holds ${Object.keys(live).length} threshold row(s) for model ` +
          `${inputs.model} that this program did not write (${describeDifference(live, inputs.thresholds)}). ` +
          "Set adopt: true to take them over (they are then made to match the program), or delete them.",
      );
    }
    // Exactly the desired rows (an earlier create whose answer was lost, or the resource this
    // one replaces, still to be deleted), or adopted ones: claim them, so the other resource's
    // delete leaves them, then make them match the program.
    await run(connection, claimModelThresholdsSql(table, inputs.model, owner));
    const changes = thresholdChanges(live, inputs.thresholds);
    if (hasChanges(changes)) await applyChanges(connection, table, inputs.model, changes, owner);
    return { id, outs };
  }
  try {
    await applyChanges(
      connection,
      table,
      inputs.model,
      thresholdChanges({}, inputs.thresholds),
      owner,
    );
  } catch (error) {
    // The MERGE may have run before its answer was lost: look before reporting anything.
    let found: ThresholdMap | undefined;
    try {
      found = await selectLive(connection, table, inputs.model);
    } catch {
      found = undefined;
    }
    if (found !== undefined && sameThresholds(found, inputs.thresholds)) return { id, outs };
    // Recorded by its id (a partial create), so `destroy` finds rows that may have landed.
    throw new PartialCreateError(
      new Error(
        `writing the thresholds of ${inputs.model} to ${formatTableName(table)} failed: ${(error as Error).message}`,
      ),
      id,
      // What is known to be there (nothing when unknown): the next update writes the rest.
      { ...props, ...outs, thresholds: found ?? {} },
    );
  }
  return { id, outs };
}

export async function read(
  provider: object,
  id: string,
  props: Record<string, unknown> | undefined,
): Promise<pulumi.dynamic.ReadResult> {
  const fromId = parseId(id);
  const inputs = inputsOf({ ...fromId, ...(props ?? {}) });
  const table = parseTableName(inputs.table);
  const connection = connect(provider);
  let live: ThresholdMap;
  try {
    live = await selectLive(connection, table, inputs.model);
  } catch (error) {
    if (isMissingTable(error)) return { id: "" };
    throw error;
  }
  if (Object.keys(live).length === 0) return { id: "" };
  const outs = { table: inputs.table, model: inputs.model, thresholds: live, adopt: inputs.adopt };
  return { id, props: withOwner(outs, ownerOf(props ?? {})), inputs: outs };
}

export async function update(
  provider: object,
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const before = inputsOf(olds);
  const after = inputsOf(news);
  const owner = ownerOf(olds);
  const outs = withOwner({ ...after }, owner);
  const changes = thresholdChanges(before.thresholds, after.thresholds);
  if (!hasChanges(changes)) return { outs };
  const table = parseTableName(after.table);
  const connection = connect(provider);
  try {
    await applyChanges(connection, table, after.model, changes, owner);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    // Dropped behind our back: recreate it and write every desired row.
    forgetEnsuredTable(connection, table);
    await ensureTable(connection, table);
    const all = thresholdChanges({}, after.thresholds);
    await applyChanges(connection, table, after.model, all, owner);
  }
  return { outs };
}

export async function remove(
  provider: object,
  _id: string,
  props: Record<string, unknown>,
): Promise<void> {
  const inputs = inputsOf(props);
  const table = parseTableName(inputs.table);
  const connection = connect(provider);
  try {
    await run(connection, deleteModelThresholdsSql(table, inputs.model, ownerOf(props)));
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
}

type Props = Record<string, unknown>;

/** The provider methods, for the serialized shell in drift-thresholds.ts. */
export const implementation: ProviderImplementation<Props, Props> = {
  configure,
  check: checkInputs,
  diff,
  create,
  read,
  update,
  delete: remove,
};
