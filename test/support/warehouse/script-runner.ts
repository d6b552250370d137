import type { StatementOutcome, StatementResult } from "./duckdb-engine";
import type { ScriptStatement } from "./sql/script";
import type { StatementKind } from "./sql/translate";
import { WarehouseSqlError } from "./sql-errors";

/** Runs one Databricks SQL statement of a script the way a single call runs it. */
export type RunScriptStatement = (
  sql: string,
) => Promise<{ outcome: StatementOutcome; kind?: StatementKind }>;

/**
 * Runs a parsed SQL script as Databricks does: statements in order, each translated only when it
 * runs (a branch not taken may name a missing table); an IF condition is evaluated as the query
 * `SELECT (<condition>)` of type BOOLEAN, and NULL or false does not take the branch. The first failing
 * statement fails the script with its own error. The result is that of the last query run (an
 * empty result if none).
 */
export async function runSqlScript(
  body: readonly ScriptStatement[],
  run: RunScriptStatement,
): Promise<StatementOutcome> {
  const translated: string[] = [];
  let result: StatementResult = { columns: [], values: [], rowCount: 0 };

  const runOne = async (sql: string) => {
    const { outcome, kind } = await run(sql);
    translated.push(...(outcome.translated ?? []));
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.result, kind };
  };

  const condition = async (text: string): Promise<boolean> => {
    const { result: answer } = await runOne(`SELECT (${text})`);
    const kind = answer.columns[0]?.type.kind;
    const value = answer.values[0]?.[0] ?? null;
    if (answer.columns.length !== 1 || kind !== "boolean") {
      // Spark's error class for a condition whose type is not BOOLEAN (a bare NULL included);
      // UNCONFIRMED on a live warehouse.
      throw new WarehouseSqlError(
        "INVALID_BOOLEAN_STATEMENT",
        `Boolean statement is expected in the condition, but ${text} was found.`,
        "22546",
      );
    }
    return value === true;
  };

  const block = async (statements: readonly ScriptStatement[]): Promise<void> => {
    for (const statement of statements) {
      if (statement.kind === "statement") {
        const ran = await runOne(statement.sql);
        if (ran.kind === "query") result = ran.result;
        continue;
      }
      let taken = statement.otherwise;
      for (const branch of statement.branches) {
        if (await condition(branch.condition)) {
          taken = branch.body;
          break;
        }
      }
      if (taken) await block(taken);
    }
  };

  try {
    await block(body);
    return { ok: true, translated, result };
  } catch (error) {
    if (!(error instanceof WarehouseSqlError)) throw error;
    return { ok: false, translated, error };
  }
}
