import { DuckDbEngine, EngineSession } from "./duckdb-engine";
import { SeedValue, toDuckDbValue } from "./duckdb-values";
import {
  generateMetricTables,
  GeneratedMetricTables,
  MetricTablesOptions,
} from "./generators/metric-tables";
import {
  generatePayloadTable,
  GeneratedPayloadTable,
  PayloadTableOptions,
} from "./generators/payload-table";
import { duckDbCatalogName } from "./sql/names";

/** A column as Databricks declares it: name plus Databricks type (`STRUCT<start: TIMESTAMP, ...>`). */
export interface ColumnSpec {
  name: string;
  type: string;
}

export interface TableSpec {
  /** `catalog.schema.table`; one- or two-part names use the warehouse's default catalog/schema. */
  table: string;
  columns: readonly ColumnSpec[];
  /** Replace an existing table (default: keep it, CREATE TABLE IF NOT EXISTS). */
  replace?: boolean;
}

export type SeedRow = Record<string, SeedValue>;

/**
 * Creates catalogs, schemas and tables the way the project's SQL would (Databricks DDL through
 * the same translation the warehouse uses) and loads rows fast through DuckDB's appender.
 * Seeding does not count as warehouse traffic (counters stay untouched).
 */
export class SeedHelpers {
  constructor(
    private readonly engine: DuckDbEngine,
    private readonly session: () => Promise<EngineSession>,
  ) {}

  async createCatalog(catalog: string): Promise<void> {
    await this.engine.ensureCatalog(catalog);
  }

  async createSchema(catalogDotSchema: string): Promise<void> {
    const [catalog, schema] = this.qualify(`${catalogDotSchema}.placeholder`);
    await this.engine.ensureCatalog(catalog);
    await this.databricks(`CREATE SCHEMA IF NOT EXISTS ${backtick(catalog)}.${backtick(schema)}`);
  }

  async createTable(spec: TableSpec): Promise<string> {
    const [catalog, schema, table] = this.qualify(spec.table);
    await this.createSchema(`${catalog}.${schema}`);
    const columns = spec.columns
      .map((column) => `${backtick(column.name)} ${column.type}`)
      .join(", ");
    const head = spec.replace ? "CREATE OR REPLACE TABLE" : "CREATE TABLE IF NOT EXISTS";
    await this.databricks(
      `${head} ${backtick(catalog)}.${backtick(schema)}.${backtick(table)} (${columns}) USING DELTA`,
    );
    return `${catalog}.${schema}.${table}`;
  }

  /** Appends rows (objects keyed by column name; missing keys are NULL). Returns the count. */
  async insertRows(tableName: string, rows: readonly SeedRow[]): Promise<number> {
    const [catalog, schema, table] = this.qualify(tableName);
    const duckCatalog = duckDbCatalogName(catalog);
    return this.engine.withAdmin(async (admin) => {
      const appender = await admin.createAppender(table, schema, duckCatalog);
      try {
        const names = await columnNames(this.engine, duckCatalog, schema, table);
        const known = new Set(names);
        for (const row of rows) {
          for (const key of Object.keys(row)) {
            if (!known.has(key)) throw new Error(`${tableName} has no column "${key}"`);
          }
          names.forEach((name, index) => {
            const type = appender.columnType(index);
            appender.appendValue(toDuckDbValue(type, row[name]), type);
          });
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      return rows.length;
    });
  }

  /** createTable + insertRows. */
  async table(spec: TableSpec & { rows?: readonly SeedRow[] }): Promise<string> {
    const name = await this.createTable(spec);
    if (spec.rows && spec.rows.length > 0) await this.insertRows(name, spec.rows);
    return name;
  }

  /** An AI Gateway inference (payload) table filled with generated requests. */
  async payloadTable(options: PayloadTableOptions): Promise<GeneratedPayloadTable> {
    const generated = generatePayloadTable(options);
    await this.table({
      table: generated.table,
      columns: generated.columns,
      rows: generated.rows,
      replace: true,
    });
    return generated;
  }

  /** A monitor's `<table>_profile_metrics` and `<table>_drift_metrics` tables. */
  async metricTables(options: MetricTablesOptions): Promise<GeneratedMetricTables> {
    const generated = generateMetricTables(options);
    await this.table({
      table: generated.profileTable,
      columns: generated.profileColumns,
      rows: generated.profileRows,
      replace: true,
    });
    await this.table({
      table: generated.driftTable,
      columns: generated.driftColumns,
      rows: generated.driftRows,
      replace: true,
    });
    return generated;
  }

  private qualify(name: string): [string, string, string] {
    const parts = name.split(".");
    const { defaultCatalog, defaultSchema } = this.engine.options;
    if (parts.length === 3) return parts as [string, string, string];
    if (parts.length === 2) return [defaultCatalog, parts[0] as string, parts[1] as string];
    if (parts.length === 1) return [defaultCatalog, defaultSchema, parts[0] as string];
    throw new Error(`"${name}" is not a table name`);
  }

  private async databricks(sql: string): Promise<void> {
    const outcome = await (await this.session()).execute(sql);
    if (!outcome.ok) throw outcome.error;
  }
}

function backtick(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

async function columnNames(
  engine: DuckDbEngine,
  catalog: string,
  schema: string,
  table: string,
): Promise<string[]> {
  const result = await engine.admin.runAndReadAll(
    "SELECT column_name FROM duckdb_columns() WHERE database_name = $1 AND schema_name = $2 AND table_name = $3 ORDER BY column_index",
    [catalog, schema, table],
  );
  return result.getRows().map((row) => String(row[0]));
}
