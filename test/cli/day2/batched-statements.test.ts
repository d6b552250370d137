import { runBatched } from "../../../cli/day2/batched-statements";
import type { SqlRunner } from "../../../databricks-client/sql-session";

/** A runner whose statements fail when they name a bad part, like a warehouse missing a table. */
function runner(bad: number[]): SqlRunner & { sent: string[] } {
  const sent: string[] = [];
  const statementError = () =>
    Object.assign(new Error("SQL on warehouse w failed: [TABLE_OR_VIEW_NOT_FOUND] x"), {
      cause: { name: "OperationStateError", errorCode: "ERROR" },
    });
  return {
    sent,
    async execute<T>(sql: string): Promise<T[]> {
      sent.push(sql);
      const parts = sql.split(",").map(Number);
      if (parts.some((p) => bad.includes(p))) throw statementError();
      return parts.map((p) => ({ part: p })) as T[];
    },
    stats: () => ({ sessionsOpened: 1, statementsExecuted: sent.length }),
  };
}

const build = (parts: readonly number[]) => ({ sql: parts.join(","), parameters: {} });
const all = Array.from({ length: 100 }, (_, i) => i);

describe("runBatched", () => {
  it("sends one statement when it succeeds", async () => {
    const r = runner([]);
    const result = await runBatched<{ part: number }>(r, all, build);
    expect(r.sent).toHaveLength(1);
    expect(result.rows).toHaveLength(100);
    expect(result.failures.size).toBe(0);
  });

  it("narrows a failure down by halves: one bad part among 100 costs about 2·log2(100) statements", async () => {
    const r = runner([37]);
    const result = await runBatched<{ part: number }>(r, all, build);
    expect([...result.failures.keys()]).toEqual([37]);
    expect(result.rows.map((row) => row.part)).toEqual(all.filter((p) => p !== 37));
    expect(r.sent.length).toBeLessThanOrEqual(15);
  });

  it("takes out the parts that read a missing table named in the error, then runs the rest once", async () => {
    const sent: string[] = [];
    const missing: SqlRunner = {
      async execute<T>(sql: string): Promise<T[]> {
        sent.push(sql);
        const parts = sql.split(",").map(Number);
        if (parts.includes(7) || parts.includes(8)) {
          throw Object.assign(
            new Error(
              "SQL on warehouse w failed: [TABLE_OR_VIEW_NOT_FOUND] The table or view `c`.`s`.`t7_drift_metrics` cannot be found.",
            ),
            {
              cause: { name: "OperationStateError", errorCode: "ERROR" },
            },
          );
        }
        return parts.map((p) => ({ part: p })) as T[];
      },
      stats: () => ({ sessionsOpened: 1, statementsExecuted: sent.length }),
    };
    // Parts 7 and 8 both read t7_drift_metrics; part 70 reads t70_drift_metrics (a longer name).
    const tablesOf = (part: number) => [
      { catalog: "c", schema: "s", table: `t${part === 8 ? 7 : part}_drift_metrics` },
    ];
    const result = await runBatched<{ part: number }>(missing, all, build, tablesOf);
    expect([...result.failures.keys()]).toEqual([7, 8]);
    expect(result.rows).toHaveLength(98);
    expect(sent).toHaveLength(2);
  });

  it("does not retry what is not the statement's fault", async () => {
    const failing: SqlRunner = {
      execute: async () => {
        throw new Error("SQL on warehouse w failed: connect ECONNREFUSED");
      },
      stats: () => ({ sessionsOpened: 0, statementsExecuted: 1 }),
    };
    await expect(runBatched(failing, all, build)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("does not split a statement the warehouse canceled: that is not the SQL's fault", async () => {
    const sent: string[] = [];
    const canceling: SqlRunner = {
      async execute<T>(sql: string): Promise<T[]> {
        sent.push(sql);
        throw Object.assign(new Error("SQL on warehouse w failed: The operation was canceled"), {
          cause: { name: "OperationStateError", errorCode: "CANCELED" },
        });
      },
      stats: () => ({ sessionsOpened: 1, statementsExecuted: sent.length }),
    };
    await expect(runBatched(canceling, all, build)).rejects.toThrow(/canceled/);
    expect(sent).toHaveLength(1);
  });
});
