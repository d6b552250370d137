import { LocalWarehouse, startLocalWarehouse } from "../support/warehouse";
import { openDriverSession, quietLogger } from "../support/warehouse/driver-session";
import { DBSQLClient, DBSQLParameter, DBSQLParameterType, thrift } from "@databricks/sql";

/** Everything here goes through the real @databricks/sql driver over HTTPS. */
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"] });
});

afterAll(async () => {
  await warehouse.close();
});

describe("connection", () => {
  it("connects, opens and closes a session, and counts both", async () => {
    const before = { ...warehouse.counters };
    const driver = await openDriverSession(warehouse);
    expect(await driver.run("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await driver.close();
    expect(warehouse.counters.sessionsOpened).toBe(before.sessionsOpened + 1);
    expect(warehouse.counters.sessionsClosed).toBe(before.sessionsClosed + 1);
    expect(warehouse.counters.statementsExecuted).toBe(before.statementsExecuted + 1);
  });

  it("exposes ordinary connection settings: host, port, warehouse path, token, CA certificate", () => {
    const options = warehouse.connectionOptions();
    expect(options).toEqual({
      host: "127.0.0.1",
      port: warehouse.port,
      path: `/sql/1.0/warehouses/${warehouse.warehouseId}`,
      token: warehouse.token,
      customCaCert: warehouse.caCert,
      telemetryEnabled: false,
    });
    expect(warehouse.caCert).toContain("BEGIN CERTIFICATE");
  });

  it("refuses a wrong token with HTTP 401, which the driver reports as an auth failure", async () => {
    const before = warehouse.counters.unauthorizedRequests;
    const client = new DBSQLClient({ logger: quietLogger });
    client.on("error", () => undefined);
    await client.connect({
      ...warehouse.connectionOptions(),
      token: "dapi-wrong",
      retryMaxAttempts: 1,
    });
    await expect(client.openSession()).rejects.toThrow(/bad HTTP status code: 401/);
    expect(warehouse.counters.unauthorizedRequests).toBe(before + 1);
    await client.close();
  });

  it("answers 404 on any other HTTP path", async () => {
    const client = new DBSQLClient({ logger: quietLogger });
    client.on("error", () => undefined);
    await client.connect({
      ...warehouse.connectionOptions(),
      path: "/sql/1.0/warehouses/other",
      retryMaxAttempts: 1,
    });
    await expect(client.openSession()).rejects.toThrow(/bad HTTP status code: 404/);
    await client.close();
  });

  it("refuses a client that does not trust the certificate", async () => {
    const client = new DBSQLClient({ logger: quietLogger });
    client.on("error", () => undefined);
    const { customCaCert: _ignored, ...untrusted } = warehouse.connectionOptions();
    await client.connect({ ...untrusted, retryMaxAttempts: 1 });
    await expect(client.openSession()).rejects.toThrow(/certificate/i);
    await client.close();
  });

  it("starts sessions in the requested catalog and schema, and USE changes them per session", async () => {
    await warehouse.query("CREATE SCHEMA IF NOT EXISTS ml_dev.monitoring");
    const driver = await openDriverSession(warehouse, {
      session: { initialCatalog: "ml_dev", initialSchema: "monitoring" },
    });
    const other = await openDriverSession(warehouse);
    try {
      expect(await driver.run("SELECT current_catalog() AS c, current_schema() AS s")).toEqual([
        { c: "ml_dev", s: "monitoring" },
      ]);
      await driver.run("USE CATALOG main");
      expect(await driver.run("SELECT current_catalog() AS c, current_database() AS s")).toEqual([
        { c: "main", s: "default" },
      ]);
      await driver.run("USE SCHEMA `default`");
      expect(await other.run("SELECT current_catalog() AS c")).toEqual([{ c: "main" }]);
    } finally {
      await driver.close();
      await other.close();
    }
  });
});

it("answers GetInfo like a Spark Thrift server", async () => {
  const driver = await openDriverSession(warehouse);
  try {
    const info = await driver.session.getInfo(thrift.TCLIService_types.TGetInfoType.CLI_DBMS_NAME);
    expect(info.getValue()).toBe("Spark SQL");
  } finally {
    await driver.close();
  }
});

it("refuses a session in a catalog that does not exist", async () => {
  const client = new DBSQLClient({ logger: quietLogger });
  client.on("error", () => undefined);
  await client.connect({ ...warehouse.connectionOptions(), retryMaxAttempts: 1 });
  await expect(client.openSession({ initialCatalog: "no_such_catalog" })).rejects.toMatchObject({
    message: expect.stringMatching(/no_such_catalog/),
  });
  await client.close();
});

describe("statements", () => {
  it("runs DDL and DML and reports Databricks-style row counts", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      expect(
        await driver.run(
          "CREATE TABLE IF NOT EXISTS main.default.people (id BIGINT NOT NULL, name STRING, score DOUBLE) USING DELTA TBLPROPERTIES ('x' = 'y')",
        ),
      ).toEqual([]);
      expect(
        await driver.run(
          "INSERT INTO main.default.people VALUES (1, 'ann', 1.5), (2, 'bob', 2.5), (3, 'cy', NULL)",
        ),
      ).toEqual([{ num_affected_rows: 3, num_inserted_rows: 3 }]);
      expect(
        await driver.run("UPDATE main.default.people SET score = 0 WHERE score IS NULL"),
      ).toEqual([{ num_affected_rows: 1 }]);
      expect(await driver.run("DELETE FROM main.default.people WHERE id = 2")).toEqual([
        { num_affected_rows: 1 },
      ]);
      expect(
        await driver.run(
          "MERGE INTO main.default.people AS t USING (SELECT 1 AS id, 'anne' AS name, 9.0 AS score UNION ALL SELECT 4, 'dee', 4.0) AS s " +
            "ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
        ),
      ).toEqual([
        { num_affected_rows: 2, num_updated_rows: 1, num_deleted_rows: 0, num_inserted_rows: 1 },
      ]);
      expect(
        await driver.run("SELECT id, name, score FROM main.default.people ORDER BY id"),
      ).toEqual([
        { id: 1, name: "anne", score: 9 },
        { id: 3, name: "cy", score: 0 },
        { id: 4, name: "dee", score: 4 },
      ]);
      await driver.run("DROP TABLE main.default.people");
    } finally {
      await driver.close();
    }
  });

  it("returns Arrow-typed values: Date for DATE/TIMESTAMP, numbers, structs, arrays, maps, NULL", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      const [row] = await driver.run(
        "SELECT TIMESTAMP '2024-05-01 10:30:00' AS ts, DATE '2024-05-02' AS d, 5000000000L AS big, 12.34BD AS dec, " +
          "named_struct('start', TIMESTAMP '2024-05-01 00:00:00', 'end', TIMESTAMP '2024-05-02 00:00:00') AS window, " +
          "array(1.5, 2.5) AS arr, map('a', 1) AS m, true AS flag, CAST(NULL AS STRING) AS missing",
      );
      expect(row).toEqual({
        ts: new Date("2024-05-01T10:30:00Z"),
        d: new Date("2024-05-02T00:00:00Z"),
        big: 5000000000,
        dec: 12.34,
        window: { start: new Date("2024-05-01T00:00:00Z"), end: new Date("2024-05-02T00:00:00Z") },
        arr: [1.5, 2.5],
        m: { a: 1 },
        flag: true,
        missing: null,
      });
      const schema = await (
        await driver.session.executeStatement("SELECT 1 AS i, 'x' AS s")
      ).getSchema();
      expect(schema?.columns.map((column) => column.columnName)).toEqual(["i", "s"]);
    } finally {
      await driver.close();
    }
  });

  it("pages large results through FetchResults", async () => {
    const paged = await startLocalWarehouse({ maxRowsPerFetch: 1000 });
    const driver = await openDriverSession(paged);
    try {
      const rows = await driver.run("SELECT range AS n FROM range(5500)");
      expect(rows).toHaveLength(5500);
      expect(rows[5499]).toEqual({ n: 5499 });
      expect(paged.counters.thriftCalls.FetchResults).toBe(5);
    } finally {
      await driver.close();
      await paged.close();
    }
  });

  it("follows the status/metadata/fetch path when the driver asks for no direct results", async () => {
    const driver = await openDriverSession(warehouse);
    const before = { ...warehouse.counters.thriftCalls };
    try {
      expect(await driver.run("SELECT 42 AS answer", { maxRows: null })).toEqual([{ answer: 42 }]);
      const calls = warehouse.counters.thriftCalls;
      expect(calls.GetOperationStatus).toBe((before.GetOperationStatus ?? 0) + 1);
      expect(calls.GetResultSetMetadata).toBe((before.GetResultSetMetadata ?? 0) + 1);
      expect(calls.CloseOperation).toBe((before.CloseOperation ?? 0) + 1);
      expect(
        await driver.run("CREATE TABLE main.default.no_direct (a INT)", { maxRows: null }),
      ).toEqual([]);
      await expect(
        driver.run("SELECT * FROM main.default.nowhere", { maxRows: null }),
      ).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    } finally {
      await driver.close();
    }
  });

  it("logs each statement as received and as translated", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      await driver.run(
        "SELECT `window`.start AS s FROM (SELECT named_struct('start', 1) AS window)",
      );
      const entry = warehouse.counters.statements.at(-1);
      expect(entry).toMatchObject({
        received: "SELECT `window`.start AS s FROM (SELECT named_struct('start', 1) AS window)",
        translated: [
          'SELECT "window".start AS s FROM (SELECT struct_pack("start" := 1) AS "window")',
        ],
        state: "succeeded",
        rowCount: 1,
      });
    } finally {
      await driver.close();
    }
  });
});

describe("parameters", () => {
  let driver: Awaited<ReturnType<typeof openDriverSession>>;

  beforeAll(async () => {
    driver = await openDriverSession(warehouse);
    await driver.run("CREATE OR REPLACE TABLE main.default.notes (id INT, body STRING)");
  });

  afterAll(async () => {
    await driver.close();
  });

  it("binds named parameters with their declared types", async () => {
    const [row] = await driver.run(
      "SELECT :s AS s, :i AS i, :d AS d, :b AS b, :ts AS ts, :n AS n, :big AS big, :day AS day, :dec AS dec, " +
        "typeof(:i) AS ti, typeof(:d) AS td, typeof(:ts) AS tts",
      {
        namedParameters: {
          s: "text",
          i: 42,
          d: 0.25,
          b: true,
          ts: new Date("2024-05-01T10:30:00.123Z"),
          n: null,
          big: BigInt("9007199254740993"),
          day: new DBSQLParameter({ type: DBSQLParameterType.DATE, value: "2024-02-29" }),
          dec: new DBSQLParameter({ type: DBSQLParameterType.DECIMAL, value: "12.50" }),
        },
      },
    );
    expect(row).toEqual({
      s: "text",
      i: 42,
      d: 0.25,
      b: true,
      ts: new Date("2024-05-01T10:30:00.123Z"),
      n: null,
      big: 9007199254740992, // the driver turns BIGINT into a JS number, like on a real warehouse
      day: new Date("2024-02-29T00:00:00Z"),
      dec: 13, // a bare DECIMAL type is DECIMAL(10,0), so 12.50 rounds

      ti: "INTEGER",
      td: "DOUBLE",
      tts: "TIMESTAMP",
    });
    const received = warehouse.counters.statements.at(-1)?.parameters;
    expect(received?.find((parameter) => parameter.name === "i")).toMatchObject({
      type: "INTEGER",
      value: { stringValue: "42" },
    });
  });

  it("binds ordinal parameters in order", async () => {
    expect(
      await driver.run("SELECT ? AS a, ? AS b, ? AS c", { ordinalParameters: ["x", 2, false] }),
    ).toEqual([{ a: "x", b: 2, c: false }]);
  });

  it.each([
    ["quotes", "it's a \"quoted\" 'value'"],
    ["statement separators", "x'); DROP TABLE main.default.notes; --"],
    ["comments", "/* not a comment */ -- nor this"],
    ["unicode", "naïve 数据 🚀 \u0000end"],
    ["backslashes", "C:\\path\\n\\'"],
    ["parameter syntax", ":other ? $1"],
  ])("keeps hostile values (%s) as data", async (_label, value) => {
    await driver.run("DELETE FROM main.default.notes");
    await driver.run("INSERT INTO main.default.notes VALUES (:id, :body)", {
      namedParameters: { id: 7, body: value },
    });
    expect(
      await driver.run("SELECT body FROM main.default.notes WHERE body = :body", {
        namedParameters: { body: value },
      }),
    ).toEqual([{ body: value }]);
    // The table is intact and holds exactly the one row.
    expect(await driver.run("SELECT count(*) AS n, min(id) AS id FROM main.default.notes")).toEqual(
      [{ n: 1, id: 7 }],
    );
  });

  it("reports a marker without a value as UNBOUND_SQL_PARAMETER", async () => {
    await expect(
      driver.run("SELECT :missing AS x", { namedParameters: { other: 1 } }),
    ).rejects.toThrow(/\[UNBOUND_SQL_PARAMETER\].*missing/);
  });

  it("reports a value that does not fit its declared type as a cast error", async () => {
    await expect(
      driver.run("SELECT :n AS n", {
        namedParameters: {
          n: new DBSQLParameter({ type: DBSQLParameterType.INTEGER, value: "abc" }),
        },
      }),
    ).rejects.toThrow(/CAST_INVALID_INPUT/);
  });
});

describe("errors", () => {
  it("surfaces SQL errors as OperationStateError with a Databricks-style message", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      const operation = await driver.session.executeStatement(
        "SELECT * FROM main.default.does_not_exist",
      );
      const error = await operation.fetchAll().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect(
        (error as Error).name === "OperationStateError" ||
          (error as Error).constructor.name === "OperationStateError",
      ).toBe(true);
      expect((error as Error).message).toMatch(
        /^\[TABLE_OR_VIEW_NOT_FOUND\] .*does_not_exist.* SQLSTATE: 42P01$/,
      );
      expect((error as { errorCode?: string }).errorCode).toBe("ERROR");
      await operation.close();
      expect(warehouse.counters.statements.at(-1)).toMatchObject({ state: "failed" });
    } finally {
      await driver.close();
    }
  });

  it("rejects statements outside the translated subset, naming the statement", async () => {
    const driver = await openDriverSession(warehouse);
    try {
      await expect(driver.run("OPTIMIZE main.default.t ZORDER BY (id)")).rejects.toThrow(
        /\[LOCAL_WAREHOUSE_UNSUPPORTED_SQL\].*OPTIMIZE.*Statement: OPTIMIZE main.default.t ZORDER BY \(id\)/,
      );
      await expect(driver.run("SELECT 1; SELECT 2")).rejects.toThrow(/several statements/);
    } finally {
      await driver.close();
    }
  });

  it("answers catalog metadata calls with an error instead of hanging in retries", async () => {
    const driver = await openDriverSession(warehouse, { connect: { retryMaxAttempts: 5 } });
    try {
      // The driver's StatusError is not an Error subclass, hence toMatchObject.
      await expect(driver.session.getCatalogs()).rejects.toMatchObject({
        name: "Status Error",
        message: expect.stringMatching(/GetCatalogs is not supported/),
      });
      await expect(driver.session.getTables({ catalogName: "main" })).rejects.toMatchObject({
        message: expect.stringMatching(/GetTables is not supported/),
      });
      expect(warehouse.counters.thriftCalls.GetCatalogs).toBe(1);
    } finally {
      await driver.close();
    }
  });
});
