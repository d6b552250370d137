import type { SqlRunner } from "../../../databricks-client/sql-session";
import { quoteIdentifier, quoteTableName } from "../../../sql/quoting";
import { SERVED_ENTITIES_COLUMNS, SERVED_ENTITIES_TABLE } from "../../../sql/served-entities";
import { fatalProblem, isStatementError, shortMessage } from "../failures";
import type { Unconcluded } from "../not-concluded";
import type { ProbeOutcome } from "./facts";

/**
 * The preflight's only SQL: at most one statement, reading no rows. With
 * `inference.modelIdSource: system_table` it selects the columns the processing job reads from
 * system.serving.served_entities (LIMIT 0): an answer proves the warehouse runs the identity's
 * statements and the table is readable with those columns; a SQL error says what is missing.
 * Otherwise, only when the warehouse's permissions cannot be read, `SELECT 1` shows whether the
 * identity may use it. A statement starts a stopped warehouse, as `pulumi up` would right after.
 * Idempotent (it reads nothing): the SQL runner may send it again after a lost answer.
 */

export function probeStatement(systemTable: boolean): string {
  if (!systemTable) return "SELECT 1 AS `ok`";
  const columns = SERVED_ENTITIES_COLUMNS.map((c) => quoteIdentifier(c)).join(", ");
  return `SELECT ${columns} FROM ${quoteTableName(SERVED_ENTITIES_TABLE)} LIMIT 0`;
}

/** The outcome; undefined when the warehouse could not be reached (kept in `unconcluded`). */
export async function runProbe(
  runner: () => SqlRunner,
  systemTable: boolean,
  unconcluded: Unconcluded[],
): Promise<ProbeOutcome | undefined> {
  try {
    await runner().execute(probeStatement(systemTable));
    return { systemTable, result: { kind: "ok" } };
  } catch (error) {
    if (isStatementError(error)) {
      return { systemTable, result: { kind: "sql-error", message: shortMessage(error) } };
    }
    // The warehouse refused the identity (HTTP 403 on the statement call): a finding.
    if (/\b403\b/.test(shortMessage(error))) {
      return { systemTable, result: { kind: "refused", message: shortMessage(error) } };
    }
    if (fatalProblem(error) === undefined) throw error;
    unconcluded.push({ part: "a statement on the warehouse", error });
    return undefined;
  }
}
