import type { SqlRunner } from "../../../databricks-client/sql-session";
import { quoteIdentifier, quoteTableName } from "../../../sql/quoting";
import { tablesPresentSql } from "../../../sql/alert-queries";
import { SERVED_ENTITIES_COLUMNS, SERVED_ENTITIES_TABLE } from "../../../sql/served-entities";
import { indent } from "../../../sql/sql-text";
import { fatalProblem, isStatementError, shortMessage } from "../failures";
import type { Unconcluded } from "../not-concluded";
import type { ProbeOutcome, ScriptProbeOutcome, StatementResult } from "./facts";

/**
 * The preflight's only SQL: at most two statements, reading no rows.
 * - With `inference.modelIdSource: system_table` it selects the columns the processing job reads
 *   from system.serving.served_entities (LIMIT 0): an answer proves the warehouse runs the
 *   identity's statements and the table is readable with those columns; a SQL error says what
 *   is missing.
 * - Where an alert holds a SQL script (`alerting.queryForm: script`, the default), a script
 *   built like the alerts' (BEGIN, IF over information_schema.tables, a SELECT): an answer
 *   proves the warehouse runs SQL scripting and reads the output schemas' information_schema.
 * - Otherwise, only when the warehouse's permissions cannot be read, `SELECT 1` shows whether the
 *   identity may use it (any statement that ran shows that too).
 * A statement starts a stopped warehouse, as `pulumi up` would right after. Idempotent (they read
 * nothing): the SQL runner may send them again after a lost answer.
 */

export function probeStatement(systemTable: boolean): string {
  if (!systemTable) return "SELECT 1 AS `ok`";
  const columns = SERVED_ENTITIES_COLUMNS.map((c) => quoteIdentifier(c)).join(", ");
  return `SELECT ${columns} FROM ${quoteTableName(SERVED_ENTITIES_TABLE)} LIMIT 0`;
}

export const SCRIPT_PROBE_PARAMETERS = { probe: "alert-script" };

/** A script that reads each output schema's information_schema and returns one row. */
export function scriptProbeStatement(schemas: readonly { catalog: string; schema: string }[]) {
  const condition = schemas
    .map(({ catalog, schema }) => `${tablesPresentSql(catalog, schema, [])} >= 0`)
    .join(" AND ");
  return [
    "BEGIN",
    indent(`IF ${condition} THEN`),
    // A named marker, as the alerts' :model and :severity (SCRIPT_PROBE_PARAMETERS binds it).
    indent("SELECT :probe AS `ok`;", 2),
    indent("END IF;"),
    "END",
  ].join("\n");
}

/** The outcome; undefined when the warehouse could not be reached (kept in `unconcluded`). */
export async function runProbe(
  runner: () => SqlRunner,
  systemTable: boolean,
  unconcluded: Unconcluded[],
): Promise<ProbeOutcome | undefined> {
  const result = await statementResult(runner, probeStatement(systemTable), unconcluded);
  return result === undefined ? undefined : { systemTable, result };
}

export async function runScriptProbe(
  runner: () => SqlRunner,
  schemas: readonly { catalog: string; schema: string }[],
  unconcluded: Unconcluded[],
): Promise<ScriptProbeOutcome | undefined> {
  const result = await statementResult(
    runner,
    scriptProbeStatement(schemas),
    unconcluded,
    SCRIPT_PROBE_PARAMETERS,
  );
  return result === undefined
    ? undefined
    : { schemas: schemas.map((s) => `${s.catalog}.${s.schema}`), result };
}

async function statementResult(
  runner: () => SqlRunner,
  statement: string,
  unconcluded: Unconcluded[],
  parameters?: Record<string, unknown>,
): Promise<StatementResult | undefined> {
  try {
    await runner().execute(statement, parameters);
    return { kind: "ok" };
  } catch (error) {
    if (isStatementError(error)) return { kind: "sql-error", message: shortMessage(error) };
    // The warehouse refused the identity (HTTP 403 on the statement call): a finding.
    if (/\b403\b/.test(shortMessage(error))) {
      return { kind: "refused", message: shortMessage(error) };
    }
    if (fatalProblem(error) === undefined) throw error;
    unconcluded.push({ part: "a statement on the warehouse", error });
    return undefined;
  }
}
