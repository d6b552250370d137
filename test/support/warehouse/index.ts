import { randomBytes } from "node:crypto";
import { DuckDBInstance, DuckDBValue, JS } from "@duckdb/node-api";
import { testCertificate } from "../tls";
import { WarehouseCounters } from "./counters";
import { driverRows } from "./driver-values";
import { DuckDbEngine, EngineSession, SqlScriptingSupport } from "./duckdb-engine";
import { FaultInjector } from "./faults";
import { SparkParameter } from "./parameters";
import { SeedHelpers } from "./seed";
import { duckDbCatalogName } from "./sql/names";
import { TcliHandler } from "./tcli-handler";
import { TCLIServiceProcessor } from "./thrift-protocol";
import { startThriftHttpsServer } from "./thrift-server";

export { WarehouseCounters } from "./counters";
export type { SqlScriptingSupport } from "./duckdb-engine";
export type { StatementLogEntry } from "./counters";
export { FaultInjector } from "./faults";
export type {
  AnswerRule,
  ConnectionResetRule,
  HttpDelayRule,
  HttpFailureRule,
  RandomFaultKind,
  RandomFaultRule,
  StatementDelayRule,
  StatementFailureRule,
  ThriftMethod,
} from "./faults";
export { SeedHelpers } from "./seed";
export type { ColumnSpec, SeedRow, TableSpec } from "./seed";
export type { SeedValue } from "./duckdb-values";
export { generatePayloadTable, payloadTableColumns } from "./generators/payload-table";
export type {
  FeatureSpec,
  GeneratedPayloadTable,
  PayloadTableOptions,
} from "./generators/payload-table";
export {
  addGranularity,
  driftMetricsColumns,
  generateMetricTables,
  profileMetricsColumns,
} from "./generators/metric-tables";
export type {
  GeneratedMetricTables,
  MetricColumn,
  MetricOverride,
  MetricTablesOptions,
  MetricWindow,
} from "./generators/metric-tables";
export { translate } from "./sql/translate";
export type { TranslatedStatement, TranslateOptions } from "./sql/translate";
export { duckDbCatalogName } from "./sql/names";
export { UntranslatableSqlError, WarehouseSqlError } from "./sql-errors";

export interface LocalWarehouseOptions {
  /** Bearer token the warehouse accepts. Default: random. */
  token?: string;
  /** Default: random 16 hex characters. */
  warehouseId?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Catalog sessions start in. Default "main". */
  defaultCatalog?: string;
  /** Schema sessions start in. Default "default". */
  defaultSchema?: string;
  /** More catalogs to create at start (each gets a `default` schema). */
  catalogs?: string[];
  /** How long ExecuteStatement waits for a result before answering RUNNING. Default 2000 ms. */
  directResultsTimeoutMs?: number;
  /** Cap on rows per result page, to exercise paging. Default: no cap (the driver's maxRows). */
  maxRowsPerFetch?: number;
  /**
   * Whether SQL scripts (`BEGIN ... END`, Databricks SQL / DBR 16.3+) run, or fail with
   * PARSE_SYNTAX_ERROR at BEGIN as on a warehouse that predates SQL scripting. Default
   * "supported". Live on `LocalWarehouse.sqlScripting`.
   */
  sqlScripting?: SqlScriptingSupport;
}

/** What to pass to `DBSQLClient.connect`: ordinary configuration a real user also has. */
export interface WarehouseConnectionOptions {
  host: string;
  port: number;
  path: string;
  token: string;
  customCaCert: string;
  telemetryEnabled: false;
}

/** Raw DuckDB access for assertions (DuckDB SQL and names: catalog `main` is `main__dbx`). */
export interface DuckDbAccess {
  instance: DuckDBInstance;
  /** Runs DuckDB SQL; rows as JS values (BIGINT as bigint, TIMESTAMP as Date). */
  query(sql: string, values?: DuckDBValue[]): Promise<Array<Record<string, JS>>>;
  /** The DuckDB database holding a Databricks catalog. */
  catalogName(databricksCatalog: string): string;
}

export interface LocalWarehouse {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** The warehouse HTTP path, `/sql/1.0/warehouses/<id>`. */
  readonly path: string;
  readonly warehouseId: string;
  readonly token: string;
  /** PEM certificate of the server; trust it with `customCaCert`. */
  readonly caCert: string;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  connectionOptions(): WarehouseConnectionOptions;
  readonly counters: WarehouseCounters;
  readonly faults: FaultInjector;
  readonly seed: SeedHelpers;
  readonly duckdb: DuckDbAccess;
  /**
   * The `sqlScripting` switch, live: a change applies to statements that start after it, on
   * every session (Thrift and `query()`).
   */
  sqlScripting: SqlScriptingSupport;
  /**
   * Tables (`catalog.schema.table`, lower case) `<catalog>.information_schema.tables` leaves
   * out, as Databricks leaves out tables the caller holds no privilege on. Live.
   */
  readonly hiddenFromInformationSchema: Set<string>;
  /**
   * Runs Databricks SQL through the same translation and engine, skipping the network and the
   * counters; rows come back shaped like the driver's fetchAll(). Parameters are named (object)
   * or ordinal (array) and typed like the driver types them.
   */
  query(
    sql: string,
    parameters?: Record<string, unknown> | unknown[],
  ): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/**
 * Starts the local SQL warehouse: an HTTPS server on 127.0.0.1 that answers the Databricks SQL
 * driver's Thrift calls and runs the SQL in DuckDB.
 */
export async function startLocalWarehouse(
  options: LocalWarehouseOptions = {},
): Promise<LocalWarehouse> {
  const token = options.token ?? `dapi${randomBytes(16).toString("hex")}`;
  const warehouseId = options.warehouseId ?? randomBytes(8).toString("hex");
  const path = `/sql/1.0/warehouses/${warehouseId}`;
  const defaultCatalog = options.defaultCatalog ?? "main";
  const { cert, key } = await testCertificate();
  const engine = await DuckDbEngine.start({
    defaultCatalog,
    defaultSchema: options.defaultSchema ?? "default",
    catalogs: options.catalogs ?? [],
    sqlScripting: options.sqlScripting ?? "supported",
  });
  const counters = new WarehouseCounters();
  const faults = new FaultInjector();
  const handler = new TcliHandler({
    engine,
    counters,
    faults,
    directResultsTimeoutMs: options.directResultsTimeoutMs ?? 2000,
    maxRowsPerFetch: options.maxRowsPerFetch ?? Number.MAX_SAFE_INTEGER,
  });
  const server = await startThriftHttpsServer({
    cert,
    key,
    host: "127.0.0.1",
    port: options.port ?? 0,
    path,
    token,
    processor: new TCLIServiceProcessor(handler),
    counters,
    faults,
  });

  let internalSession: Promise<EngineSession> | undefined;
  const session = () => (internalSession ??= engine.openSession());

  return {
    host: "127.0.0.1",
    port: server.port,
    path,
    warehouseId,
    token,
    caCert: cert,
    url: `https://127.0.0.1:${server.port}`,
    connectionOptions: () => ({
      host: "127.0.0.1",
      port: server.port,
      path,
      token,
      customCaCert: cert,
      telemetryEnabled: false,
    }),
    counters,
    faults,
    seed: new SeedHelpers(engine, session),
    duckdb: {
      instance: engine.instance,
      query: async (sql, values) =>
        (await engine.withAdmin((admin) => admin.runAndReadAll(sql, values))).getRowObjectsJS(),
      catalogName: duckDbCatalogName,
    },
    hiddenFromInformationSchema: engine.hiddenFromInformationSchema,
    get sqlScripting() {
      return engine.sqlScripting;
    },
    set sqlScripting(value: SqlScriptingSupport) {
      engine.sqlScripting = value;
    },
    async query(sql, parameters) {
      const outcome = await (await session()).execute(sql, sparkParameters(parameters));
      if (!outcome.ok) throw outcome.error;
      return driverRows(outcome.result);
    },
    async close() {
      await server.close();
      await handler.closeAll();
      if (internalSession) await (await internalSession).close();
      engine.close();
    },
  };
}

/** JS values typed the way the driver's DBSQLParameter infers them. */
function sparkParameters(
  parameters: Record<string, unknown> | unknown[] | undefined,
): SparkParameter[] {
  if (parameters === undefined) return [];
  const entries: Array<[string | undefined, unknown]> = Array.isArray(parameters)
    ? parameters.map((value) => [undefined, value])
    : Object.entries(parameters);
  return entries.map(([name, value]) => {
    if (value === null || value === undefined) return { name };
    if (typeof value === "boolean")
      return { name, type: "BOOLEAN", value: { stringValue: value ? "TRUE" : "FALSE" } };
    if (typeof value === "bigint")
      return { name, type: "BIGINT", value: { stringValue: value.toString() } };
    if (typeof value === "number") {
      const type = !Number.isInteger(value)
        ? "DOUBLE"
        : Math.abs(value) <= 2_147_483_647
          ? "INTEGER"
          : Number.isSafeInteger(value)
            ? "BIGINT"
            : "DOUBLE";
      return { name, type, value: { stringValue: String(value) } };
    }
    if (value instanceof Date)
      return { name, type: "TIMESTAMP", value: { stringValue: value.toISOString() } };
    return { name, type: "STRING", value: { stringValue: String(value) } };
  });
}
