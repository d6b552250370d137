import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBValue,
} from "@duckdb/node-api";
import { sessionMacros } from "./macros";
import { bindParameters, SparkParameter } from "./parameters";
import { ResultType, resultTypeOf } from "./result-types";
import { runSqlScript } from "./script-runner";
import { databricksCatalogName, duckDbCatalogName, quoteIdentifier } from "./sql/names";
import { isSqlScript, parseSqlScript, ScriptStatement, scriptKeyword } from "./sql/script";
import { StatementKind, translate, TranslatedStatement } from "./sql/translate";
import { fromDuckDbError, UntranslatableSqlError, WarehouseSqlError } from "./sql-errors";

export interface ResultColumn {
  name: string;
  type: ResultType;
}

/** A statement's result with column-major values (what the Arrow encoder wants). */
export interface StatementResult {
  columns: ResultColumn[];
  values: DuckDBValue[][];
  rowCount: number;
  /** Rows written by INSERT/UPDATE/DELETE/MERGE. */
  numModifiedRows?: number;
}

export type StatementOutcome =
  | { ok: true; translated: string[]; result: StatementResult }
  | { ok: false; translated?: string[]; error: WarehouseSqlError };

/**
 * Whether the warehouse runs SQL scripts (BEGIN ... END; Databricks SQL / DBR 16.3+), or plays an
 * older one whose parser fails at BEGIN.
 */
export type SqlScriptingSupport = "supported" | "unsupported";

export interface EngineOptions {
  defaultCatalog: string;
  defaultSchema: string;
  catalogs: readonly string[];
  /** Default "supported". */
  sqlScripting?: SqlScriptingSupport;
}

/**
 * One in-memory DuckDB instance shared by every session (so all sessions see the same tables),
 * one DuckDB connection per warehouse session (so USE and temp views are per session, as on
 * Databricks). The instance's time zone is UTC, the warehouse's default session time zone.
 */
export class DuckDbEngine {
  private adminQueue: Promise<unknown> = Promise.resolve();
  /** Live: a change applies to the statements that start after it. */
  sqlScripting: SqlScriptingSupport;
  /**
   * Tables (`catalog.schema.table`, lower case) information_schema.tables leaves out: the
   * caller holds no privilege on them (information-schema.ts). Live, like `sqlScripting`.
   */
  readonly hiddenFromInformationSchema = new Set<string>();

  private constructor(
    readonly instance: DuckDBInstance,
    readonly admin: DuckDBConnection,
    readonly options: EngineOptions,
  ) {
    this.sqlScripting = options.sqlScripting ?? "supported";
  }

  static async start(options: EngineOptions): Promise<DuckDbEngine> {
    const instance = await DuckDBInstance.create(":memory:");
    const admin = await instance.connect();
    await admin.run("SET GLOBAL TimeZone = 'UTC'");
    const engine = new DuckDbEngine(instance, admin, options);
    for (const catalog of new Set([options.defaultCatalog, ...options.catalogs]))
      await engine.ensureCatalog(catalog);
    await engine.adminRun(
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(duckDbCatalogName(options.defaultCatalog))}.${quoteIdentifier(options.defaultSchema)}`,
    );
    return engine;
  }

  /** Attaches a catalog (an in-memory database with a `default` schema) unless it exists. */
  async ensureCatalog(catalog: string): Promise<void> {
    const name = quoteIdentifier(duckDbCatalogName(catalog));
    await this.adminRun(`ATTACH IF NOT EXISTS ':memory:' AS ${name}`);
    await this.adminRun(`CREATE SCHEMA IF NOT EXISTS ${name}."default"`);
  }

  /** Raw DuckDB SQL on the shared instance (seeding and assertions; no translation). */
  adminRun(sql: string, values?: DuckDBValue[]): Promise<DuckDBMaterializedResult> {
    return this.withAdmin((admin) => admin.run(sql, values));
  }

  /** Runs work on the admin connection, one piece of work at a time. */
  withAdmin<T>(work: (admin: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.adminQueue.then(() => work(this.admin));
    this.adminQueue = run.catch(() => undefined);
    return run;
  }

  async openSession(
    namespace: { catalog?: string | null; schema?: string | null } = {},
  ): Promise<EngineSession> {
    const connection = await this.instance.connect();
    try {
      await connection.run(sessionMacros.join(";\n"));
      const catalog = namespace.catalog || this.options.defaultCatalog;
      const schema =
        namespace.schema || (namespace.catalog ? "default" : this.options.defaultSchema);
      await connection.run(
        `USE ${quoteIdentifier(duckDbCatalogName(catalog))}.${quoteIdentifier(schema)}`,
      );
      return new EngineSession(this, connection, catalog);
    } catch (error) {
      connection.closeSync();
      throw fromDuckDbError(error);
    }
  }

  close(): void {
    this.admin.closeSync();
    this.instance.closeSync();
  }
}

export class EngineSession {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly engine: DuckDbEngine,
    private readonly connection: DuckDBConnection,
    /** Databricks name of the current catalog. */
    public currentCatalog: string,
  ) {}

  /**
   * Runs one Databricks SQL statement or SQL script (`BEGIN ... END`); statements of one session
   * run one at a time.
   */
  execute(sql: string, parameters: readonly SparkParameter[] = []): Promise<StatementOutcome> {
    const run = this.queue.then(() => this.executeNow(sql, parameters));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the statement DuckDB is running on this session, if any. */
  interrupt(): void {
    this.connection.interrupt();
  }

  /** Closes the DuckDB connection once the statement in progress (if any) has stopped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    this.connection.closeSync();
  }

  private async executeNow(
    sql: string,
    parameters: readonly SparkParameter[],
  ): Promise<StatementOutcome> {
    let script: ScriptStatement[] | undefined;
    try {
      if (isSqlScript(sql)) {
        if (this.engine.sqlScripting === "unsupported") {
          throw new WarehouseSqlError(
            "PARSE_SYNTAX_ERROR",
            `Syntax error at or near '${scriptKeyword(sql)}'.`,
            "42601",
          );
        }
        script = parseSqlScript(sql);
      }
    } catch (error) {
      return { ok: false, error: fromDuckDbError(error) };
    }
    if (script === undefined) return (await this.runStatement(sql, parameters)).outcome;
    return runSqlScript(script, (statement) =>
      this.runStatement(statement, parameters, { inScript: true }),
    );
  }

  /** One statement: translate with the parameters bound, run, shape the result. */
  private async runStatement(
    sql: string,
    parameters: readonly SparkParameter[],
    { inScript = false } = {},
  ): Promise<{ outcome: StatementOutcome; kind?: StatementKind }> {
    let translation: TranslatedStatement;
    const bound = bindParameters(parameters);
    try {
      translation = translate(sql, {
        currentCatalog: this.currentCatalog,
        hiddenFromInformationSchema: this.engine.hiddenFromInformationSchema,
        renderParameter: (marker) => {
          if (inScript && "ordinal" in marker) {
            throw new UntranslatableSqlError(
              "positional parameter markers (?) in SQL scripts are outside the subset",
              sql,
            );
          }
          return bound.renderParameter(marker);
        },
      });
    } catch (error) {
      return { outcome: { ok: false, error: fromDuckDbError(error) } };
    }
    const translated = translation.duckDbSql;
    const { kind } = translation;
    try {
      for (const catalog of translation.catalogsToEnsure) await this.engine.ensureCatalog(catalog);
      for (const catalog of translation.requiredCatalogs ?? []) await this.requireCatalog(catalog);
      if (bound.values.length > 0 && translated.length !== 1) {
        throw new WarehouseSqlError(
          "LOCAL_WAREHOUSE_SQL_ERROR",
          "parameters in a multi-statement translation",
          "0A000",
        );
      }
      let last: DuckDBMaterializedResult | undefined;
      for (const statement of translated) last = await this.run(statement, bound.values);
      if (translation.kind === "use") {
        const current = await this.connection.runAndReadAll("SELECT current_database()");
        this.currentCatalog = databricksCatalogName(String(current.getRows()[0]?.[0]));
      }
      const result = await shapeResult(translation, last);
      return { outcome: { ok: true, translated, result }, kind };
    } catch (error) {
      return { outcome: { ok: false, translated, error: fromDuckDbError(error) }, kind };
    }
  }

  /** Fails like a missing table when a catalog named by `<catalog>.information_schema` is absent. */
  private async requireCatalog(catalog: string): Promise<void> {
    const found = await this.connection.runAndReadAll(
      "SELECT count(*) FROM duckdb_databases() WHERE lower(database_name) = lower($1)",
      [duckDbCatalogName(catalog)],
    );
    if (Number(found.getRows()[0]?.[0]) > 0) return;
    throw new WarehouseSqlError(
      "TABLE_OR_VIEW_NOT_FOUND",
      `The table or view \`${catalog}\`.\`information_schema\`.\`tables\` cannot be found.`,
      "42P01",
    );
  }

  private async run(
    statement: string,
    values: readonly string[],
  ): Promise<DuckDBMaterializedResult> {
    if (values.length === 0) return this.connection.run(statement);
    const prepared = await this.connection.prepare(statement);
    try {
      values.forEach((value, index) => prepared.bindVarchar(index + 1, value));
      return await prepared.run();
    } finally {
      prepared.destroySync();
    }
  }
}

const bigint: ResultType = { kind: "bigint" };

/**
 * What the warehouse returns per statement kind: query rows as they are; DML counts in the
 * columns Databricks uses (num_affected_rows, num_inserted_rows, ...; from memory, UNCONFIRMED);
 * nothing for DDL, USE and no-ops.
 */
async function shapeResult(
  translation: TranslatedStatement,
  result: DuckDBMaterializedResult | undefined,
): Promise<StatementResult> {
  const empty: StatementResult = { columns: [], values: [], rowCount: 0 };
  if (result === undefined) return empty;
  const counts = (columns: Array<[string, number]>, modified: number): StatementResult => ({
    columns: columns.map(([name]) => ({ name, type: bigint })),
    values: columns.map(([, count]) => [BigInt(count)]),
    rowCount: 1,
    numModifiedRows: modified,
  });
  switch (translation.kind) {
    case "query": {
      const values = await result.getColumns();
      return {
        columns: result
          .columnNames()
          .map((name, index) => ({ name, type: resultTypeOf(result.columnType(index)) })),
        values,
        rowCount: result.rowCount,
      };
    }
    case "insert": {
      const n = await changedRows(result);
      return counts(
        [
          ["num_affected_rows", n],
          ["num_inserted_rows", n],
        ],
        n,
      );
    }
    case "update":
    case "delete": {
      const n = await changedRows(result);
      return counts([["num_affected_rows", n]], n);
    }
    case "merge": {
      const actions = ((await result.getColumns())[0] ?? []).map(String);
      const tally = (action: string) => actions.filter((value) => value === action).length;
      return counts(
        [
          ["num_affected_rows", actions.length],
          ["num_updated_rows", tally("UPDATE")],
          ["num_deleted_rows", tally("DELETE")],
          ["num_inserted_rows", tally("INSERT")],
        ],
        actions.length,
      );
    }
    default:
      return empty;
  }
}

async function changedRows(result: DuckDBMaterializedResult): Promise<number> {
  const rows = await result.getRows();
  const count = rows[0]?.[0];
  return typeof count === "bigint" || typeof count === "number"
    ? Number(count)
    : result.rowsChanged;
}
