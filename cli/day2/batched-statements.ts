import type { SqlRunner } from "../../databricks-client/sql-session";
import type { TableName } from "../../core/types";
import { isStatementError, shortMessage } from "./failures";

/**
 * One statement for many models: the caller builds a statement over any subset of its parts
 * (say, one UNION ALL branch per model). Normally that is exactly one statement. When the
 * warehouse rejects it, the good parts must still get their rows and each bad part its own
 * error:
 * - a missing table (TABLE_OR_VIEW_NOT_FOUND names it) fails the parts that read that table,
 *   and the rest run again: one more statement per missing table;
 * - any other rejection splits the parts in halves and tries each: k bad parts among n cost
 *   about 2k·log2(n) more statements, not n.
 * Failures that are not about the statement (connection, credentials) end the run as they are.
 */

export interface Statement {
  sql: string;
  parameters: Record<string, unknown>;
}

export interface BatchResult<Row> {
  rows: Row[];
  /** Part index -> why its statement failed. */
  failures: Map<number, unknown>;
}

/** The tables each part reads, for telling which parts a missing table concerns. */
export type TablesOfPart = (part: number) => readonly TableName[];

export async function runBatched<Row>(
  runner: SqlRunner,
  parts: readonly number[],
  build: (parts: readonly number[]) => Statement,
  tablesOf?: TablesOfPart,
): Promise<BatchResult<Row>> {
  const result: BatchResult<Row> = { rows: [], failures: new Map() };
  await runParts(runner, parts, build, tablesOf, result);
  return result;
}

async function runParts<Row>(
  runner: SqlRunner,
  parts: readonly number[],
  build: (parts: readonly number[]) => Statement,
  tablesOf: TablesOfPart | undefined,
  result: BatchResult<Row>,
): Promise<void> {
  if (parts.length === 0) return;
  const statement = build(parts);
  try {
    result.rows.push(...(await runner.execute<Row>(statement.sql, statement.parameters)));
    return;
  } catch (error) {
    if (!isStatementError(error)) throw error;
    if (parts.length === 1) {
      result.failures.set(parts[0] as number, error);
      return;
    }
    const blamed =
      tablesOf === undefined ? [] : partsReadingMissingTable(shortMessage(error), parts, tablesOf);
    if (blamed.length > 0) {
      for (const part of blamed) result.failures.set(part, error);
      await runParts(
        runner,
        parts.filter((part) => !blamed.includes(part)),
        build,
        tablesOf,
        result,
      );
      return;
    }
    const half = Math.ceil(parts.length / 2);
    await runParts(runner, parts.slice(0, half), build, tablesOf, result);
    await runParts(runner, parts.slice(half), build, tablesOf, result);
  }
}

/**
 * The parts that read the table a TABLE_OR_VIEW_NOT_FOUND error names. Databricks quotes the
 * full name (`c`.`s`.`t`); matching the table part as a whole word (not a prefix of
 * `t_drift_metrics`) is enough, since one run's tables differ in their last part.
 */
export function partsReadingMissingTable(
  message: string,
  parts: readonly number[],
  tablesOf: TablesOfPart,
): number[] {
  if (!/TABLE_OR_VIEW_NOT_FOUND/.test(message)) return [];
  const named = (table: TableName) =>
    new RegExp(`(?<![A-Za-z0-9_])${table.table}(?![A-Za-z0-9_])`, "i").test(message);
  return parts.filter((part) => tablesOf(part).some(named));
}
