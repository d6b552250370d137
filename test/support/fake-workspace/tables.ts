import type { Principal } from "./access";
import { invalidParameter } from "./errors";
import type { IdGenerator } from "./ids";
import type { Router } from "./router";
import type { Strictness } from "./strictness";
import type { ScheduledTask, Timeline } from "./timeline";
import { ucNotFound } from "./uc-errors";
import type { SchemaStore } from "./uc-namespaces";

/** A column as tests describe it: a name and a Databricks SQL type text ("bigint", "array<string>"). */
export interface ColumnSeed {
  name: string;
  type: string;
  nullable?: boolean;
  comment?: string;
}

export interface TableSeed {
  /** `catalog.schema.table`; stored and matched case-insensitively (lower case), like UC. */
  full_name: string;
  columns?: readonly ColumnSeed[];
  owner?: string;
  /** Default MANAGED. */
  table_type?: string;
  comment?: string;
  properties?: Record<string, string>;
}

/**
 * A Unity Catalog `TableInfo` as GET returns it. ASSUMPTION: the field set follows the SDKs'
 * TableInfo (not in the reference); only the fields a client is likely to read are filled.
 */
export interface TableInfo {
  name: string;
  catalog_name: string;
  schema_name: string;
  full_name: string;
  table_type: string;
  data_source_format: string;
  columns: Array<{
    name: string;
    type_text: string;
    type_name: string;
    position: number;
    nullable: boolean;
    comment?: string;
  }>;
  owner: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
  table_id: string;
  metastore_id: string;
  comment?: string;
  properties?: Record<string, string>;
}

/** Splits and lower-cases `catalog.schema.name`; 400 when it has not exactly three parts. */
export function parseTableName(
  fullName: string,
  what = "table",
): {
  catalog: string;
  schema: string;
  table: string;
} {
  const parts = fullName.trim().toLowerCase().split(".");
  const [catalog, schema, table] = parts;
  if (parts.length !== 3 || !catalog || !schema || !table || /\s/.test(fullName.trim())) {
    throw invalidParameter(`Invalid ${what} name '${fullName}': expected catalog.schema.${what}`);
  }
  return { catalog, schema, table };
}

/** The `ColumnTypeName` enum value for a SQL type text (STRING, LONG, ARRAY, ...). */
function typeNameOf(typeText: string): string {
  const head = (/^[a-z_]+/i.exec(typeText.trim())?.[0] ?? "").toUpperCase();
  const aliases: Record<string, string> = {
    BIGINT: "LONG",
    INTEGER: "INT",
    SMALLINT: "SHORT",
    TINYINT: "BYTE",
    REAL: "FLOAT",
    DEC: "DECIMAL",
    NUMERIC: "DECIMAL",
    VARCHAR: "STRING",
  };
  return aliases[head] ?? head;
}

export class TableStore {
  private readonly tables = new Map<string, TableInfo>();

  constructor(
    private readonly timeline: Timeline,
    private readonly ids: IdGenerator,
    private readonly owner: Principal,
    private readonly schemas: SchemaStore,
    private readonly strictness: Strictness,
    private readonly metastoreId: string,
  ) {}

  /**
   * Creates (or replaces) a table now, owned by `seed.owner` or the workspace's main user. Its
   * catalog and schema must exist (404 CATALOG_/SCHEMA_DOES_NOT_EXIST otherwise).
   */
  seed(seed: TableSeed, createdBy = seed.owner ?? this.owner.name): TableInfo {
    this.timeline.runDue();
    return structuredClone(this.put(seed, createdBy, this.timeline.now()));
  }

  /**
   * Creates the table after `delayMs`, unless it exists by then or its schema is gone. Cancel to
   * call it off. Its schema must exist now.
   */
  scheduleCreation(seed: TableSeed, delayMs: number, createdBy: string): ScheduledTask {
    const { catalog, schema } = parseTableName(seed.full_name);
    this.schemas.require(`${catalog}.${schema}`);
    return this.timeline.after(delayMs, (at) => {
      const exists = this.tables.has(seed.full_name.toLowerCase());
      if (!exists && this.schemas.has(`${catalog}.${schema}`)) this.put(seed, createdBy, at);
    });
  }

  /** The table, or 404 naming the outermost missing object: catalog, schema, then table. */
  require(fullName: string): TableInfo {
    const { catalog, schema } = parseTableName(fullName);
    this.schemas.require(`${catalog}.${schema}`);
    return this.get(fullName) ?? throwError(ucNotFound("TABLE", fullName, this.strictness));
  }

  /** `{table_exists}`; a missing catalog or schema answers as `strictness` says. */
  existsResponse(fullName: string): { table_exists: boolean } {
    const { catalog, schema } = parseTableName(fullName);
    if (this.strictness.tableExistsWithoutSchema === "not-found") {
      this.schemas.require(`${catalog}.${schema}`);
    }
    return { table_exists: this.exists(fullName) };
  }

  get(fullName: string): TableInfo | undefined {
    this.timeline.runDue();
    const table = this.tables.get(fullName.toLowerCase());
    return table === undefined ? undefined : structuredClone(table);
  }

  exists(fullName: string): boolean {
    return this.get(fullName) !== undefined;
  }

  list(): TableInfo[] {
    this.timeline.runDue();
    return [...this.tables.values()].map((table) => structuredClone(table));
  }

  /** Removes a table, as if someone dropped it. */
  drop(fullName: string): boolean {
    return this.tables.delete(fullName.toLowerCase());
  }

  private put(seed: TableSeed, createdBy: string, at: number): TableInfo {
    const { catalog, schema, table } = parseTableName(seed.full_name);
    this.schemas.require(`${catalog}.${schema}`);
    const info: TableInfo = {
      name: table,
      catalog_name: catalog,
      schema_name: schema,
      full_name: `${catalog}.${schema}.${table}`,
      table_type: seed.table_type ?? "MANAGED",
      data_source_format: "DELTA",
      columns: (seed.columns ?? []).map((column, position) => ({
        name: column.name,
        type_text: column.type,
        type_name: typeNameOf(column.type),
        position,
        nullable: column.nullable ?? true,
        ...(column.comment === undefined ? {} : { comment: column.comment }),
      })),
      owner: seed.owner ?? createdBy,
      created_at: at,
      created_by: createdBy,
      updated_at: at,
      updated_by: createdBy,
      table_id: this.ids.uuid(),
      metastore_id: this.metastoreId,
      ...(seed.comment === undefined ? {} : { comment: seed.comment }),
      ...(seed.properties === undefined ? {} : { properties: { ...seed.properties } }),
    };
    this.tables.set(info.full_name, info);
    return info;
  }
}

/** GET table and GET table exists (docs/databricks-api.md, inference tables, names and timing: `{table_exists: bool}`). */
export function registerTableRoutes(router: Router, tables: TableStore): void {
  router.add("GET", "/api/2.1/unity-catalog/tables/{full_name}", ({ params }) =>
    tables.require(params.full_name ?? ""),
  );
  router.add("GET", "/api/2.1/unity-catalog/tables/{full_name}/exists", ({ params }) =>
    tables.existsResponse(params.full_name ?? ""),
  );
}

function throwError(error: Error): never {
  throw error;
}
