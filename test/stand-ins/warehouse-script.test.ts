import {
  LocalWarehouse,
  startLocalWarehouse,
  UntranslatableSqlError,
  WarehouseSqlError,
} from "../support/warehouse";
import { DriverSession, openDriverSession } from "../support/warehouse/driver-session";

/**
 * SQL scripts (BEGIN ... END with IF statements, Databricks SQL / DBR 16.3+) and
 * `<catalog>.information_schema.tables`, through the real driver where the wire matters.
 */
let warehouse: LocalWarehouse;
let driver: DriverSession;

beforeAll(async () => {
  warehouse = await startLocalWarehouse({ catalogs: ["ml_dev", "other"] });
  await warehouse.query("CREATE SCHEMA ml_dev.monitoring");
  await warehouse.query("CREATE TABLE ml_dev.monitoring.present (x INT)");
  await warehouse.query("INSERT INTO ml_dev.monitoring.present VALUES (41)");
  await warehouse.query("CREATE TABLE ml_dev.monitoring.script_log (n INT, note STRING)");
  driver = await openDriverSession(warehouse);
});

afterAll(async () => {
  await driver?.close();
  await warehouse?.close();
});

beforeEach(async () => {
  warehouse.sqlScripting = "supported";
  await warehouse.query("DELETE FROM ml_dev.monitoring.script_log");
});

async function logged(): Promise<unknown[]> {
  const rows = await warehouse.query("SELECT n FROM ml_dev.monitoring.script_log ORDER BY n");
  return rows.map((row) => row.n);
}

async function failure(sql: string): Promise<WarehouseSqlError> {
  try {
    await warehouse.query(sql);
  } catch (error) {
    if (error instanceof WarehouseSqlError) return error;
    throw error;
  }
  throw new Error(`expected the script to fail: ${sql}`);
}

/** The alert script's shape: the metric-table query once both tables exist, else a stand-in. */
function guardedScript(tables: [string, string]): string {
  return `BEGIN
  IF (SELECT count(*) FROM \`ml_dev\`.\`information_schema\`.\`tables\` WHERE \`table_schema\` = 'monitoring' AND \`table_name\` IN ('${tables[0]}', '${tables[1]}')) = 2 THEN
    WITH t AS (SELECT a.x AS x FROM \`ml_dev\`.\`monitoring\`.\`${tables[0]}\` AS a CROSS JOIN \`ml_dev\`.\`monitoring\`.\`${tables[1]}\` AS b)
    SELECT 'tables' AS source, max(x) AS x, :model AS model FROM t;
  ELSE
    WITH t AS (SELECT CAST(NULL AS INT) AS x)
    SELECT 'waiting' AS source, max(x) AS x, :model AS model FROM t;
  END IF;
END;`;
}

describe("IF statements choose a branch", () => {
  it.each([
    ["1 = 1", "then"],
    ["1 = 2", "else"],
    ["1 = NULL", "else"],
    ["CAST(NULL AS BOOLEAN)", "else"],
  ])("IF %s takes the %s branch, through the driver", async (condition, branch) => {
    const rows = await driver.run(
      `BEGIN IF ${condition} THEN SELECT 'then' AS branch; ELSE SELECT 'else' AS branch; END IF; END`,
    );
    expect(rows).toEqual([{ branch }]);
  });

  it.each([
    [1, "first"],
    [2, "second"],
    [3, "else"],
  ])(
    "ELSEIF: n = %p takes the %s branch (the parameter is bound in each condition)",
    async (n, branch) => {
      const rows = await driver.run(
        `begin
         if :n = 1 then select 'first' as branch;
         elseif :n = 2 then select 'second' as branch;
         else select 'else' as branch;
         end if;
       end`,
        { namedParameters: { n } },
      );
      expect(rows).toEqual([{ branch }]);
    },
  );

  it("takes no branch and runs nothing when no condition holds and there is no ELSE", async () => {
    await warehouse.query(
      "BEGIN IF 1 = 2 THEN INSERT INTO ml_dev.monitoring.script_log VALUES (1, 'x'); END IF; END",
    );
    expect(await logged()).toEqual([]);
  });

  it("runs nested IF statements and CASE expressions in conditions", async () => {
    const rows = await warehouse.query(
      `BEGIN
         IF CASE WHEN 2 > 1 THEN true ELSE false END THEN
           IF (SELECT max(x) FROM ml_dev.monitoring.present) = 41 THEN
             SELECT 'inner' AS branch;
           ELSE
             SELECT 'inner else' AS branch;
           END IF;
         ELSE
           SELECT 'outer else' AS branch;
         END IF;
       END`,
    );
    expect(rows).toEqual([{ branch: "inner" }]);
  });

  it.each(["1", "'true'", "NULL"])(
    "fails on a condition that is not boolean: IF %s",
    async (condition) => {
      const error = await failure(`BEGIN IF ${condition} THEN SELECT 1 AS a; END IF; END`);
      expect(error.errorClass).toBe("INVALID_BOOLEAN_STATEMENT");
    },
  );
});

describe("the alert script's guard over information_schema.tables", () => {
  it("skips a branch that names a missing table while the tables are missing", async () => {
    const rows = await driver.run(guardedScript(["present", "missing_drift"]), {
      namedParameters: { model: "fraud" },
    });
    expect(rows).toEqual([{ source: "waiting", x: null, model: "fraud" }]);
  });

  it("takes the branch reading the tables once both exist", async () => {
    await warehouse.query("CREATE TABLE ml_dev.monitoring.arrived (y INT)");
    await warehouse.query("INSERT INTO ml_dev.monitoring.arrived VALUES (1)");
    try {
      const rows = await driver.run(guardedScript(["present", "arrived"]), {
        namedParameters: { model: "fraud" },
      });
      expect(rows).toEqual([{ source: "tables", x: 41, model: "fraud" }]);
    } finally {
      await warehouse.query("DROP TABLE ml_dev.monitoring.arrived");
    }
  });

  it("does not count a table of the same name in another catalog", async () => {
    await warehouse.query("CREATE SCHEMA IF NOT EXISTS other.monitoring");
    await warehouse.query("CREATE TABLE other.monitoring.missing_drift (y INT)");
    try {
      const rows = await warehouse.query(guardedScript(["present", "missing_drift"]), {
        model: "fraud",
      });
      expect(rows).toEqual([{ source: "waiting", x: null, model: "fraud" }]);
    } finally {
      await warehouse.query("DROP TABLE other.monitoring.missing_drift");
    }
  });
});

describe("script semantics", () => {
  it("fails with the statement's own error when a taken branch names a missing table, and stops there", async () => {
    const script = `BEGIN
      INSERT INTO ml_dev.monitoring.script_log VALUES (1, 'before');
      IF true THEN SELECT * FROM ml_dev.monitoring.never_created; END IF;
      INSERT INTO ml_dev.monitoring.script_log VALUES (2, 'after');
    END`;
    await expect(driver.run(script)).rejects.toThrow(
      /^\[TABLE_OR_VIEW_NOT_FOUND\] .* SQLSTATE: 42P01$/s,
    );
    expect(await logged()).toEqual([1]);
  });

  it("binds named parameters in every statement and condition", async () => {
    const rows = await driver.run(
      `BEGIN
         INSERT INTO ml_dev.monitoring.script_log VALUES (7, :model);
         IF :severity = 'critical' THEN
           SELECT note AS model, :severity AS severity FROM ml_dev.monitoring.script_log WHERE note = :model;
         END IF;
       END`,
      { namedParameters: { model: "fraud", severity: "critical" } },
    );
    expect(rows).toEqual([{ model: "fraud", severity: "critical" }]);
  });

  it("returns the result of the last query run, not of later DML or DDL", async () => {
    const rows = await driver.run(
      `BEGIN
         SELECT 1 AS first;
         SELECT 2 AS last;
         INSERT INTO ml_dev.monitoring.script_log VALUES (3, 'dml');
         CREATE OR REPLACE TABLE ml_dev.monitoring.scratch (a INT);
         DROP TABLE ml_dev.monitoring.scratch;
       END;`,
    );
    expect(rows).toEqual([{ last: 2 }]);
    expect(await logged()).toEqual([3]);
  });

  it("returns an empty result when no query ran", async () => {
    expect(
      await driver.run("BEGIN INSERT INTO ml_dev.monitoring.script_log VALUES (4, 'x'); END"),
    ).toEqual([]);
    expect(await driver.run("BEGIN END")).toEqual([]);
    expect(await logged()).toEqual([4]);
  });

  it("is one statement for the counters, with every translated statement in its log entry", async () => {
    const before = warehouse.counters.statementsExecuted;
    await driver.run("BEGIN IF 1 = 1 THEN SELECT 1 AS a; END IF; END");
    expect(warehouse.counters.statementsExecuted).toBe(before + 1);
    const entry = warehouse.counters.statements.at(-1);
    expect(entry?.translated).toEqual(["SELECT (1 = 1)", "SELECT 1 AS a"]);
  });
});

describe("the sqlScripting switch", () => {
  const script = "BEGIN SELECT 1 AS one; END";

  it("plays an older warehouse with 'unsupported', and a change applies at once", async () => {
    warehouse.sqlScripting = "unsupported";
    await expect(driver.run(script)).rejects.toThrow(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'BEGIN'. SQLSTATE: 42601",
    );
    expect(await driver.run("SELECT 2 AS two")).toEqual([{ two: 2 }]);
    warehouse.sqlScripting = "supported";
    expect(await driver.run(script)).toEqual([{ one: 1 }]);
  });

  it("can be set at start, and query() meets it too", async () => {
    const older = await startLocalWarehouse({ sqlScripting: "unsupported" });
    try {
      expect(older.sqlScripting).toBe("unsupported");
      const error = await older.query(script).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WarehouseSqlError);
      expect((error as WarehouseSqlError).errorClass).toBe("PARSE_SYNTAX_ERROR");
      expect((error as WarehouseSqlError).sqlState).toBe("42601");
      older.sqlScripting = "supported";
      expect(await older.query(script)).toEqual([{ one: 1 }]);
    } finally {
      await older.close();
    }
  });
});

describe("scripts outside the subset", () => {
  it.each([
    [
      "BEGIN DECLARE x INT DEFAULT 1; SELECT x; END",
      /DECLARE \(variables, conditions, handlers\) in SQL scripts are outside the subset/,
    ],
    [
      "BEGIN SET VAR x = 1; END",
      /SET \(variable assignment\) in SQL scripts are outside the subset/,
    ],
    [
      "BEGIN WHILE true DO SELECT 1; END WHILE; END",
      /WHILE loops in SQL scripts are outside the subset/,
    ],
    ["BEGIN LOOP SELECT 1; END LOOP; END", /LOOP statements in SQL scripts are outside the subset/],
    [
      "BEGIN REPEAT SELECT 1; UNTIL true END REPEAT; END",
      /REPEAT loops in SQL scripts are outside the subset/,
    ],
    [
      "BEGIN FOR r AS SELECT 1 AS a DO SELECT r.a; END FOR; END",
      /FOR loops in SQL scripts are outside the subset/,
    ],
    [
      "BEGIN CASE WHEN true THEN SELECT 1; END CASE; END",
      /CASE statements in SQL scripts are outside the subset/,
    ],
    [
      "BEGIN IF true THEN LEAVE lbl; END IF; END",
      /LEAVE statements in SQL scripts are outside the subset/,
    ],
    ["BEGIN ITERATE lbl; END", /ITERATE statements in SQL scripts are outside the subset/],
    [
      "BEGIN BEGIN SELECT 1; END; END",
      /nested compound statements \(BEGIN \.\.\. END\) in SQL scripts are outside the subset/,
    ],
    ["lbl: BEGIN SELECT 1; END", /labels in SQL scripts are outside the subset/],
    ["BEGIN lbl: LOOP SELECT 1; END LOOP; END", /labels in SQL scripts are outside the subset/],
    [
      "BEGIN SIGNAL SQLSTATE '45000'; END",
      /SIGNAL statements in SQL scripts are outside the subset/,
    ],
    ["BEGIN SELECT 1; END; SELECT 2", /several statements/],
  ])("%s", async (sql, reason) => {
    const error = await failure(sql);
    expect(error).toBeInstanceOf(UntranslatableSqlError);
    expect(error.message).toMatch(reason);
    expect(error.errorClass).toBe("LOCAL_WAREHOUSE_UNSUPPORTED_SQL");
  });

  it("refuses the whole script before running any of it", async () => {
    await failure(
      "BEGIN INSERT INTO ml_dev.monitoring.script_log VALUES (5, 'x'); WHILE true DO SELECT 1; END WHILE; END",
    );
    expect(await logged()).toEqual([]);
  });

  it("refuses positional parameter markers in a script", async () => {
    const error = await warehouse
      .query("BEGIN SELECT ? AS a; END", [1])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UntranslatableSqlError);
    expect((error as Error).message).toMatch(/positional parameter markers/);
  });

  it.each([
    ["BEGIN SELECT 1 END", "end of input"],
    ["BEGIN IF true THEN SELECT 1; END; END", "';'"],
    ["BEGIN IF true THEN SELECT 1; END", "end of input"],
    ["BEGIN IF true THEN END IF; END", "'END'"],
    ["BEGIN IF THEN SELECT 1; END IF; END", "'THEN'"],
    ["BEGIN SELECT 1;; END", "';'"],
  ])("%s is a syntax error near %s", async (sql, near) => {
    const error = await failure(sql);
    expect(error.errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(error.message).toContain(`Syntax error at or near ${near}.`);
  });
});

describe("<catalog>.information_schema.tables", () => {
  beforeAll(async () => {
    await warehouse.query("CREATE SCHEMA ml_dev.listed");
    await warehouse.query("CREATE TABLE ml_dev.listed.t_one (a INT)");
    await warehouse.query("CREATE VIEW ml_dev.listed.v_one AS SELECT a FROM ml_dev.listed.t_one");
    await warehouse.query("CREATE SCHEMA other.listed");
    await warehouse.query("CREATE TABLE other.listed.t_other (a INT)");
    await warehouse.query("CREATE TABLE main.default.in_main (a INT)");
  });

  it("lists the catalog's tables and views with Databricks names and types, through the driver", async () => {
    const rows = await driver.run(
      "SELECT table_catalog, table_schema, table_name, table_type FROM ml_dev.information_schema.tables WHERE table_schema = 'listed' ORDER BY table_name",
    );
    expect(rows).toEqual([
      {
        table_catalog: "ml_dev",
        table_schema: "listed",
        table_name: "t_one",
        table_type: "MANAGED",
      },
      { table_catalog: "ml_dev", table_schema: "listed", table_name: "v_one", table_type: "VIEW" },
    ]);
  });

  it("lists no table of another catalog, nor the information_schema itself", async () => {
    const rows = await warehouse.query(
      "SELECT DISTINCT t.table_catalog, t.table_schema FROM ml_dev.information_schema.tables AS t ORDER BY 2",
    );
    expect(rows).toEqual([
      { table_catalog: "ml_dev", table_schema: "listed" },
      { table_catalog: "ml_dev", table_schema: "monitoring" },
    ]);
  });

  it("leaves out the tables the caller may not see (hiddenFromInformationSchema), only in their catalog", async () => {
    const listed = async (catalog: string) =>
      (
        await warehouse.query(
          `SELECT table_name FROM ${catalog}.information_schema.tables AS t WHERE table_schema = 'listed' ORDER BY 1`,
        )
      ).map((row) => row.table_name);
    warehouse.hiddenFromInformationSchema.add("ml_dev.listed.t_one");
    warehouse.hiddenFromInformationSchema.add("other.listed.v_one");
    try {
      expect(await listed("ml_dev")).toEqual(["v_one"]);
      expect(await listed("other")).toEqual(["t_other"]);
      // Only the listing: the stand-in keeps no privileges, so a query naming it still runs.
      expect(await warehouse.query("SELECT count(*) AS n FROM ml_dev.listed.t_one")).toEqual([
        { n: 0 },
      ]);
    } finally {
      warehouse.hiddenFromInformationSchema.clear();
    }
    expect(await listed("ml_dev")).toEqual(["t_one", "v_one"]);
  });

  it("answers `main` for the catalog DuckDB keeps as main__dbx", async () => {
    const rows = await driver.run(
      "SELECT tables.table_catalog, tables.table_schema FROM `main`.`information_schema`.`tables` WHERE table_name = 'in_main'",
    );
    expect(rows).toEqual([{ table_catalog: "main", table_schema: "default" }]);
  });

  it("fails like a missing table for a catalog that does not exist", async () => {
    const error = await failure("SELECT count(*) AS n FROM nowhere.information_schema.tables");
    expect(error.errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(error.sqlState).toBe("42P01");
  });
});
