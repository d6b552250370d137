import {
  adaptDatabricksSql,
  parseDatabricksSql,
  parseSparkSql,
} from "../support/spark-sql/spark-parse";

/**
 * What dt-sql-parser's Spark grammar accepts, and the narrow rewrites parseDatabricksSql makes
 * for Databricks syntax it lacks. The "known gap" tests pin today's grammar: if an upgrade
 * starts accepting a construct, they fail, and the matching rewrite can go.
 */

describe("parseSparkSql", () => {
  it("accepts a plain query with named parameter markers", () => {
    expect(parseSparkSql("SELECT a FROM b.c WHERE d = :limit")).toEqual({
      ok: true,
      errors: [],
      statementCount: 1,
    });
  });

  it("rejects broken SQL with located errors", () => {
    const result = parseSparkSql("SELECT a,, b FROM t");
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/^line 1:\d+ /);
  });

  it("rejects empty text", () => {
    expect(parseSparkSql("  \n")).toEqual({
      ok: false,
      errors: ["empty statement"],
      statementCount: 0,
    });
  });

  it("counts statements, so a smuggled second statement is visible", () => {
    expect(parseSparkSql("SELECT 1; DROP TABLE x").statementCount).toBe(2);
  });

  describe("known gaps in dt-sql-parser 4.5.1", () => {
    it.each([
      ["a three-level CREATE TABLE name", "CREATE TABLE `a`.`b`.`c` (x INT)"],
      [
        "a three-level MERGE INTO name",
        "MERGE INTO `a`.`b`.`c` AS t USING s ON t.x = s.x WHEN NOT MATCHED THEN INSERT (x) VALUES (s.x)",
      ],
      ["a three-level INSERT INTO name", "INSERT INTO `a`.`b`.`c` SELECT 1"],
      ["CLUSTER BY in CREATE TABLE", "CREATE TABLE t (x INT) USING DELTA CLUSTER BY (x)"],
      [
        "QUALIFY (not used by our SQL)",
        "SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) = 1",
      ],
    ])("rejects %s", (_what, sql) => {
      expect(parseSparkSql(sql).ok).toBe(false);
    });

    it.each([
      ["a three-level name in FROM", "SELECT x FROM `a`.`b`.`c` AS t"],
      [
        "TBLPROPERTIES with a bare key and boolean",
        "CREATE TABLE t (x INT) USING DELTA TBLPROPERTIES (delta.enableChangeDataFeed = true)",
      ],
      [
        "LATERAL VIEW OUTER posexplode",
        "SELECT p, v FROM t LATERAL VIEW OUTER posexplode(t.a) e AS p, v",
      ],
      [
        "a lambda with named_struct",
        "SELECT transform(t.a, r -> named_struct('x', try_element_at(r, 1))) FROM t",
      ],
      [
        "MERGE with a CTE in USING",
        "MERGE INTO a.b AS t USING (WITH q AS (SELECT 1 AS x) SELECT q.x FROM q) AS s ON t.x = s.x WHEN NOT MATCHED THEN INSERT (x) VALUES (s.x)",
      ],
    ])("accepts %s", (_what, sql) => {
      expect(parseSparkSql(sql)).toMatchObject({ ok: true, statementCount: 1 });
    });
  });
});

describe("parseDatabricksSql", () => {
  it("checks a three-level MERGE target as two levels and says so", () => {
    const result = parseDatabricksSql(
      "MERGE INTO `a`.`b`.`c` AS t USING s ON t.x = s.x WHEN NOT MATCHED THEN INSERT (x) VALUES (s.x)",
    );
    expect(result).toMatchObject({ ok: true, statementCount: 1 });
    expect(result.adaptations).toEqual([
      expect.stringMatching(/^checked `a`\.`b`\.… after MERGE INTO as `a\.b`\.…/),
    ]);
  });

  it("checks CLUSTER BY as PARTITIONED BY in CREATE TABLE and says so", () => {
    const result = parseDatabricksSql(
      "CREATE TABLE IF NOT EXISTS `a`.`b`.`c` (x INT) USING DELTA CLUSTER BY (x)",
    );
    expect(result.ok).toBe(true);
    expect(result.adaptations).toHaveLength(2);
    expect(result.adaptations[1]).toMatch(/CLUSTER BY \(…\) as PARTITIONED BY \(…\)/);
  });

  it("rewrites nothing that needs no rewrite", () => {
    expect(parseDatabricksSql("SELECT x FROM `a`.`b`.`c`").adaptations).toEqual([]);
    expect(adaptDatabricksSql("SELECT a FROM t CLUSTER BY (a)").sql).toBe(
      "SELECT a FROM t CLUSTER BY (a)",
    );
  });

  it("keeps other errors visible after rewriting", () => {
    const result = parseDatabricksSql(
      "CREATE TABLE `a`.`b`.`c` (x INT,) USING DELTA CLUSTER BY (x)",
    );
    expect(result.ok).toBe(false);
    expect(result.adaptations).toHaveLength(2);
  });

  it("does not rescue constructs it has no rewrite for", () => {
    expect(
      parseDatabricksSql("SELECT a FROM t QUALIFY row_number() OVER (ORDER BY a) = 1").ok,
    ).toBe(false);
  });

  it("keeps the positions of everything after a rewritten name", () => {
    const sql =
      "MERGE INTO `cat`.`sch`.`tbl` AS t USING s ON t.x = s.x WHEN NOT MATCHED THEN INSERT (x) VALUES (s.x)";
    const adapted = adaptDatabricksSql(sql).sql;
    expect(adapted.length).toBe(sql.length);
    expect(adapted.indexOf("`tbl` AS t")).toBe(sql.indexOf("`tbl` AS t"));
  });
});
