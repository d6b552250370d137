import { DuckDBInstance } from "@duckdb/node-api";
import { duckDbReservedWords } from "../support/warehouse/sql/names";
import { translate, TranslateOptions } from "../support/warehouse/sql/translate";
import { duckDbTypeFor } from "../support/warehouse/sql/types";
import { UntranslatableSqlError } from "../support/warehouse/sql-errors";

/** Markers rendered visibly so tests can see where each parameter went. */
const markers: TranslateOptions["renderParameter"] = (marker) =>
  "name" in marker ? `<${marker.name}>` : `<?${marker.ordinal}>`;

function duck(sql: string, options: TranslateOptions = {}): string {
  return translate(sql, { renderParameter: markers, ...options }).duckDbSql.join(";\n");
}

function untranslatable(sql: string): UntranslatableSqlError {
  try {
    translate(sql, { renderParameter: markers });
  } catch (error) {
    if (error instanceof UntranslatableSqlError) return error;
    throw error;
  }
  throw new Error(`expected "${sql}" to be rejected`);
}

describe("identifiers and literals", () => {
  it("turns backticked names into double-quoted names", () => {
    expect(duck("SELECT `my col`, `a``b` FROM `t`")).toBe('SELECT "my col", "a`b" FROM "t"');
  });

  it("turns double-quoted strings into single-quoted literals and decodes escapes", () => {
    expect(duck(`SELECT "it's", 'a\\'b', 'x''y', 'tab\\there', 'back\\\\slash'`)).toBe(
      "SELECT 'it''s', 'a''b', 'x''y', 'tab\there', 'back\\slash'",
    );
  });

  it("leaves the inside of strings and comments alone", () => {
    const sql =
      "SELECT 'window.end FROM main.a.b' AS s -- window.end main.a.b `x`\nFROM t /* main.x.y */";
    expect(duck(sql)).toBe(
      "SELECT 'window.end FROM main.a.b' AS s -- window.end main.a.b `x`\nFROM \"t\" /* main.x.y */",
    );
  });

  it("maps catalogs in three-level names, including names DuckDB reserves", () => {
    expect(
      duck("SELECT * FROM main.default.t JOIN ml_dev.mon.u ON t.id = u.id, system.serving.x"),
    ).toBe(
      'SELECT * FROM "main__dbx"."default"."t" JOIN "ml_dev"."mon"."u" ON t.id = u.id, "system__dbx"."serving"."x"',
    );
    expect(duck("SELECT * FROM s.t")).toBe('SELECT * FROM "s"."t"');
    expect(
      duck(
        "SELECT * FROM (SELECT a, b FROM x.y.z) AS q, main.s.u WHERE q.a IN (SELECT a FROM main.s.v)",
      ),
    ).toBe(
      'SELECT * FROM (SELECT a, b FROM "x"."y"."z") AS q, "main__dbx"."s"."u" WHERE q.a IN (SELECT a FROM "main__dbx"."s"."v")',
    );
  });

  it("quotes DuckDB-reserved words used as names: struct fields and the window column", () => {
    expect(duck("SELECT window.start, window.end, m.window.end, ks_test.pvalue FROM m")).toBe(
      'SELECT "window".start, "window"."end", m."window"."end", ks_test.pvalue FROM "m"',
    );
    expect(duck("SELECT window, CASE WHEN a THEN 1 ELSE 2 END AS end FROM m ORDER BY window")).toBe(
      'SELECT "window", CASE WHEN a THEN 1 ELSE 2 END AS "end" FROM "m" ORDER BY "window"',
    );
    expect(duck("SELECT sum(x) OVER w FROM t WINDOW w AS (ORDER BY y)")).toBe(
      'SELECT sum(x) OVER w FROM "t" WINDOW w AS (ORDER BY y)',
    );
  });

  it("translates Spark's typed number literals", () => {
    expect(duck("SELECT 10L, 2S, 1Y, 1.5D, 2.5F, 12.50BD, 1e3")).toBe(
      "SELECT CAST(10 AS BIGINT), CAST(2 AS SMALLINT), CAST(1 AS TINYINT), CAST(1.5 AS DOUBLE), " +
        "CAST(2.5 AS FLOAT), CAST(12.50 AS DECIMAL(4,2)), 1e3",
    );
  });
});

describe("types", () => {
  it.each([
    ["STRING", "VARCHAR"],
    ["INT", "INTEGER"],
    ["LONG", "BIGINT"],
    ["TIMESTAMP", "TIMESTAMP"],
    ["TIMESTAMP_NTZ", "TIMESTAMP"],
    ["DECIMAL", "DECIMAL(10,0)"],
    ["DECIMAL(12, 3)", "DECIMAL(12,3)"],
    ["BINARY", "BLOB"],
    ["ARRAY<STRING>", "VARCHAR[]"],
    ["MAP<STRING, ARRAY<INT>>", "MAP(VARCHAR, INTEGER[])"],
    ["STRUCT<start: TIMESTAMP, end: TIMESTAMP>", 'STRUCT("start" TIMESTAMP, "end" TIMESTAMP)'],
    [
      "ARRAY<STRUCT<item: STRING, count BIGINT NOT NULL COMMENT 'n'>>",
      'STRUCT("item" VARCHAR, "count" BIGINT)[]',
    ],
  ])("%s -> %s", (databricks, duckdb) => {
    expect(duckDbTypeFor(databricks)).toBe(duckdb);
  });

  it("rejects types outside the subset", () => {
    expect(() => duckDbTypeFor("INTERVAL DAY")).toThrow(UntranslatableSqlError);
    expect(() => duckDbTypeFor("VARIANT")).toThrow(/VARIANT is outside the supported subset/);
  });

  it("translates CAST and :: target types", () => {
    expect(
      duck("SELECT CAST(a AS STRING), TRY_CAST(b AS MAP<STRING, LONG>), c::ARRAY<INT> FROM t"),
    ).toBe('SELECT CAST(a AS VARCHAR), TRY_CAST(b AS MAP(VARCHAR, BIGINT)), c::INTEGER[] FROM "t"');
  });
});

describe("DDL", () => {
  it("strips Delta clauses and maps column types in CREATE TABLE IF NOT EXISTS", () => {
    const sql =
      "CREATE TABLE IF NOT EXISTS main.mon.t (id BIGINT NOT NULL COMMENT 'id', window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, " +
      "tags ARRAY<STRING>, created TIMESTAMP DEFAULT current_timestamp()) USING DELTA PARTITIONED BY (id) " +
      "CLUSTER BY (id) COMMENT 'table' TBLPROPERTIES ('delta.enableChangeDataFeed' = 'true')";
    expect(duck(sql)).toBe(
      'CREATE TABLE IF NOT EXISTS "main__dbx"."mon"."t" ("id" BIGINT NOT NULL, "window" STRUCT("start" TIMESTAMP, "end" TIMESTAMP), ' +
        '"tags" VARCHAR[], "created" TIMESTAMP DEFAULT CAST(current_timestamp AS TIMESTAMP))',
    );
  });

  it("supports CREATE OR REPLACE TABLE ... AS SELECT and CLUSTER BY AUTO", () => {
    expect(duck("CREATE OR REPLACE TABLE a.b.c CLUSTER BY AUTO AS SELECT `x` FROM a.b.d")).toBe(
      'CREATE OR REPLACE TABLE "a"."b"."c" AS SELECT "x" FROM "a"."b"."d"',
    );
  });

  it("attaches catalogs on CREATE CATALOG and on demand for CREATE SCHEMA <catalog>.<schema>", () => {
    expect(translate("CREATE CATALOG IF NOT EXISTS main COMMENT 'x'")).toEqual({
      kind: "ddl",
      duckDbSql: [
        `ATTACH IF NOT EXISTS ':memory:' AS "main__dbx"`,
        `CREATE SCHEMA IF NOT EXISTS "main__dbx"."default"`,
      ],
      catalogsToEnsure: [],
    });
    expect(
      translate(
        "CREATE SCHEMA IF NOT EXISTS ml_dev.monitoring COMMENT 'x' WITH DBPROPERTIES ('a' = 'b')",
      ),
    ).toEqual({
      kind: "ddl",
      duckDbSql: ['CREATE SCHEMA IF NOT EXISTS "ml_dev"."monitoring"'],
      catalogsToEnsure: ["ml_dev"],
    });
    expect(duck("DROP CATALOG IF EXISTS ml_dev CASCADE")).toBe(
      'DETACH DATABASE IF EXISTS "ml_dev"',
    );
  });

  it("translates USE CATALOG (schema resets to default) and USE SCHEMA (keeps the catalog)", () => {
    expect(duck("USE CATALOG main")).toBe('USE "main__dbx"."default"');
    expect(duck("USE SCHEMA monitoring", { currentCatalog: "ml_dev" })).toBe(
      'USE "ml_dev"."monitoring"',
    );
    expect(duck("USE main.monitoring")).toBe('USE "main__dbx"."monitoring"');
  });

  it("drops tables, views and schemas, and truncates", () => {
    expect(duck("DROP TABLE IF EXISTS main.s.t PURGE")).toBe(
      'DROP TABLE IF EXISTS "main__dbx"."s"."t"',
    );
    expect(duck("DROP SCHEMA main.s CASCADE")).toBe('DROP SCHEMA "main__dbx"."s" CASCADE');
    expect(duck("TRUNCATE TABLE s.t")).toBe('TRUNCATE TABLE "s"."t"');
  });

  it("turns ALTER TABLE ADD COLUMNS into one statement per column and metadata changes into no-ops", () => {
    expect(
      translate("ALTER TABLE s.t ADD COLUMNS (a STRING COMMENT 'x', b MAP<STRING, INT>)").duckDbSql,
    ).toEqual([
      'ALTER TABLE "s"."t" ADD COLUMN "a" VARCHAR',
      'ALTER TABLE "s"."t" ADD COLUMN "b" MAP(VARCHAR, INTEGER)',
    ]);
    expect(translate("ALTER TABLE s.t SET TBLPROPERTIES ('a' = 'b')")).toMatchObject({
      kind: "noop",
      duckDbSql: [],
    });
  });

  it("creates views without Databricks-only clauses", () => {
    expect(duck("CREATE OR REPLACE VIEW a.b.v (x COMMENT 'c', y) COMMENT 'v' AS SELECT 1, 2")).toBe(
      'CREATE OR REPLACE VIEW "a"."b"."v" ("x", "y") AS SELECT 1, 2',
    );
  });
});

describe("DML", () => {
  it("passes INSERT, UPDATE and DELETE through with names translated", () => {
    expect(duck("INSERT INTO TABLE main.s.t (a, window) VALUES (:a, :w)")).toBe(
      'INSERT INTO "main__dbx"."s"."t" (a, "window") VALUES (<a>, <w>)',
    );
    expect(duck("UPDATE s.t SET a = ? WHERE b = ?")).toBe(
      'UPDATE "s"."t" SET a = <?0> WHERE b = <?1>',
    );
    expect(duck("INSERT INTO s.t(a, b) SELECT x, y FROM main.s.src")).toBe(
      'INSERT INTO "s"."t"(a, b) SELECT x, y FROM "main__dbx"."s"."src"',
    );
    expect(duck("DELETE FROM main.s.t WHERE id = :id")).toBe(
      'DELETE FROM "main__dbx"."s"."t" WHERE id = <id>',
    );
  });

  it("passes MERGE INTO through and asks DuckDB for the action of each row", () => {
    expect(
      duck(
        "MERGE INTO main.s.target AS t USING (SELECT * FROM main.s.src) s ON t.id = s.id " +
          "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
      ),
    ).toBe(
      'MERGE INTO "main__dbx"."s"."target" AS t USING (SELECT * FROM "main__dbx"."s"."src") s ON t.id = s.id ' +
        "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *\nRETURNING merge_action",
    );
    expect(duck("MERGE INTO a.b.t USING a.b.s ON t.k = s.k WHEN MATCHED THEN DELETE")).toContain(
      'USING "a"."b"."s"',
    );
  });

  it("maps parameter markers and never treats a JSON path as one", () => {
    expect(duck("SELECT :a, :a, CASE WHEN x THEN :b ELSE :c END FROM t WHERE y IN (:d)")).toBe(
      'SELECT <a>, <a>, CASE WHEN x THEN <b> ELSE <c> END FROM "t" WHERE y IN (<d>)',
    );
    expect(untranslatable("SELECT request:dataframe_records FROM t").message).toMatch(/JSON path/);
  });
});

describe("functions and operators used by alert queries", () => {
  it("translates a typical drift alert query", () => {
    const sql =
      "SELECT count(*) AS breaches, max(window.end) AS latest FROM main.mon.t_drift_metrics " +
      "WHERE window.start >= timestampadd(HOUR, -24, current_timestamp()) AND drift_type = 'CONSECUTIVE' " +
      "AND slice_key IS NULL AND column_name <> ':table' AND (nvl(js_distance, 0) > :threshold OR ks_test.pvalue < 0.05) " +
      "AND window.start > date_sub(current_date(), 7)";
    expect(duck(sql)).toBe(
      'SELECT count(*) AS breaches, max("window"."end") AS latest FROM "main__dbx"."mon"."t_drift_metrics" ' +
        "WHERE \"window\".start >= __dbx_timestampadd('hour', -24, CAST(current_timestamp AS TIMESTAMP)) AND drift_type = 'CONSECUTIVE' " +
        "AND slice_key IS NULL AND column_name <> ':table' AND (coalesce(js_distance, 0) > <threshold> OR ks_test.pvalue < 0.05) " +
        'AND "window".start > __dbx_date_sub(current_date, 7)',
    );
  });

  it.each([
    ["now()", "CAST(current_timestamp AS TIMESTAMP)"],
    ["current_timestamp", "CAST(current_timestamp AS TIMESTAMP)"],
    ["current_date()", "current_date"],
    ["nvl2(a, b, c)", "(CASE WHEN (a) IS NOT NULL THEN ( b) ELSE ( c) END)"],
    ["isnull(a)", "((a) IS NULL)"],
    ["concat(a, 'x', b)", "((a) || ( 'x') || ( b))"],
    ["named_struct('start', a, 'end', b)", 'struct_pack("start" := a, "end" := b)'],
    ["array(1, 2)", "list_value(1, 2)"],
    ["map('a', 1, 'b', 2)", "MAP {'a': 1, 'b': 2}"],
    ["timestampdiff(MINUTE, a, b)", "date_sub('minute', a, b)"],
    ["datediff(a, b)", "__dbx_datediff(a, b)"],
    ["date_add(a, 1)", "__dbx_date_add(a, 1)"],
    ["dateadd(DAY, 1, a)", "__dbx_timestampadd('day', 1, a)"],
    ["regexp_replace(s, 'a', 'b')", "regexp_replace(s, 'a', 'b', 'g')"],
    ["regexp_extract(s, 'a(b)')", "regexp_extract(s, 'a(b)', 1)"],
    ["split(s, ',')", "string_split_regex(s, ',')"],
    ["log(x)", "ln(x)"],
    ["dayofweek(d)", "(dayofweek(d) + 1)"],
    ["current_database()", "current_schema()"],
    ["current_catalog()", "__dbx_current_catalog()"],
    ["get_json_object(j, '$.a')", "json_extract_string(j, '$.a')"],
    ["to_date(s)", "CAST(s AS DATE)"],
    ["to_json(struct(d.*))", "to_json(d)"],
    [
      "to_json(struct(d.*), map('ignoreNullFields', 'false'))",
      "__dbx_to_json(d, MAP {'ignoreNullFields': 'false'})",
    ],
    ["json_object_keys(j)", "json_keys(j)"],
    ["size(a)", "len(a)"],
    [
      "a LIKE 'x\\_%' AND b NOT ILIKE :p",
      "a LIKE 'x\\_%' ESCAPE '\\' AND b NOT ILIKE <p> ESCAPE '\\'",
    ],
    ["a LIKE b || '%'", "a LIKE b || '%'"],
    ["count_if(a > 1)", "count(CASE WHEN (a > 1) THEN 1 END)"],
    ["make_dt_interval(7)", "__dbx_make_dt_interval(7, 0, 0, 0)"],
    ["quantiles[0] + quantiles[2]", "quantiles[1] + quantiles[3]"],
    ["m['key']", "m['key']"],
    ["a <=> b", "a  IS NOT DISTINCT FROM  b"],
    ["TIMESTAMP_NTZ '2024-01-01 00:00:00'", "TIMESTAMP '2024-01-01 00:00:00'"],
  ])("%s -> %s", (databricks, duckdb) => {
    expect(duck(`SELECT ${databricks}`)).toBe(`SELECT ${duckdb}`);
  });

  it("keeps FROM inside EXTRACT and IS DISTINCT FROM out of table handling", () => {
    expect(duck("SELECT extract(HOUR FROM ts), a IS DISTINCT FROM b FROM t")).toBe(
      'SELECT extract(HOUR FROM ts), a IS DISTINCT FROM b FROM "t"',
    );
  });

  it("turns * EXCEPT (...) into DuckDB's * EXCLUDE (...)", () => {
    expect(duck("SELECT * EXCEPT (a, b) FROM t")).toBe('SELECT * EXCLUDE (a, b) FROM "t"');
  });
});

describe("<catalog>.information_schema.tables", () => {
  it("becomes a subquery over DuckDB's view, filtered on the mapped catalog, named after the view", () => {
    const translation = translate(
      "SELECT table_name FROM `main`.`information_schema`.`tables` WHERE table_schema = 's'",
    );
    expect(translation.requiredCatalogs).toEqual(["main"]);
    const sql = translation.duckDbSql.join("");
    expect(sql).toContain(
      "FROM information_schema.tables AS t WHERE lower(t.table_catalog) = lower('main__dbx')",
    );
    expect(sql).toMatch(/\) AS "tables" WHERE table_schema = 's'$/);
  });

  it("keeps an alias the query gives it, also after JOIN", () => {
    const sql = duck(
      "SELECT a.table_name FROM ml_dev.information_schema.tables a JOIN ml_dev.information_schema.tables AS b ON a.table_name = b.table_name",
    );
    expect(sql).toMatch(/\) a JOIN \(SELECT/);
    expect(sql).toMatch(/\) AS b ON/);
    expect(sql).not.toContain('"tables"');
  });

  it("names no required catalog for other statements", () => {
    expect(translate("SELECT 1").requiredCatalogs).toBeUndefined();
  });
});

describe("statements outside the subset fail loudly and name the statement", () => {
  it.each([
    ["OPTIMIZE main.s.t ZORDER BY (a)", /OPTIMIZE statements are outside the supported subset/],
    ["INSERT OVERWRITE main.s.t SELECT 1", /INSERT OVERWRITE/],
    ["SELECT 1; SELECT 2", /several statements/],
    ["CREATE TABLE t (a INT) LOCATION 's3://bucket/x'", /LOCATION/],
    ["SELECT * FROM main.information_schema.columns", /information_schema/],
    ["SELECT * FROM information_schema.tables", /information_schema/],
    ["SELECT * FROM main.information_schema.tables.x", /more than three name parts/],
    ["INSERT INTO main.information_schema.tables VALUES (1)", /information_schema/],
    ["DROP VIEW main.information_schema.tables", /information_schema/],
    ["CREATE VIEW main.information_schema.tables AS SELECT 1", /information_schema/],
    ["SELECT * FROM t LATERAL VIEW explode(a) x AS y", /LATERAL VIEW/],
    ["SELECT a RLIKE 'x' FROM t", /RLIKE/],
    ["SELECT hash(a) FROM t", /hash\(\) differs/],
    ["SELECT arr[i] FROM t", /array subscripts/],
    ["SELECT [1, 2]", /list literals/],
    ["SHOW TABLES IN main.s", /SHOW statements/],
    ["SELECT timestampadd(FORTNIGHT, 1, ts) FROM t", /unsupported time unit/],
    ["SELECT * FROM IDENTIFIER(:t)", /IDENTIFIER/],
  ])("%s", (sql, reason) => {
    const error = untranslatable(sql);
    expect(error.message).toMatch(reason);
    expect(error.message).toContain(`Statement: ${sql.slice(0, 20)}`);
    expect(error.errorClass).toBe("LOCAL_WAREHOUSE_UNSUPPORTED_SQL");
    expect(error.sqlState).toBe("0A000");
  });

  it("rejects a parameter marker with nothing bound", () => {
    expect(() => translate("SELECT :x")).toThrow(/UNBOUND_SQL_PARAMETER/);
  });
});

describe("DuckDB's reserved words", () => {
  it("match the running DuckDB, so a version bump cannot drift silently", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved' ORDER BY 1",
    );
    expect(reader.getRows().map((row) => String(row[0]))).toEqual([...duckDbReservedWords].sort());
    connection.closeSync();
    instance.closeSync();
  });
});
