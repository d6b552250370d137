import type { Principal } from "./access";
import { alreadyExists, invalidParameter } from "./errors";
import type { IdGenerator } from "./ids";
import type { Router } from "./router";
import type { Strictness } from "./strictness";
import type { Timeline } from "./timeline";
import { ucNotFound } from "./uc-errors";

/**
 * Unity Catalog catalogs and schemas (`CatalogsAPI`, `SchemasAPI` of the SDKs): what every table,
 * model and monitor lives in. Tests seed them; reads answer `CatalogInfo` / `SchemaInfo`. Names are
 * stored and matched in lower case, like UC.
 */

export interface CatalogSeed {
  name: string;
  owner?: string;
  comment?: string;
  properties?: Record<string, string>;
}

export interface SchemaSeed {
  /** `catalog.schema`. */
  full_name: string;
  owner?: string;
  comment?: string;
  properties?: Record<string, string>;
}

type Info = Record<string, unknown>;

const identifier = /^[^.\s/]+$/;

function checkPart(value: string, what: string): string {
  if (!identifier.test(value)) {
    throw invalidParameter(`Invalid ${what} name '${value}'`);
  }
  return value.toLowerCase();
}

/** Splits `catalog.schema`; 400 when it has not exactly two parts. */
export function parseSchemaName(fullName: string): { catalog: string; schema: string } {
  const parts = fullName.trim().split(".");
  const [catalog, schema] = parts;
  if (parts.length !== 2 || catalog === undefined || schema === undefined) {
    throw invalidParameter(`Invalid schema name '${fullName}': expected catalog.schema`);
  }
  return { catalog: checkPart(catalog, "catalog"), schema: checkPart(schema, "schema") };
}

/** Who made an object, and when: the audit fields every UC object carries. */
function audit(by: string, at: number): Info {
  return { created_at: at, created_by: by, updated_at: at, updated_by: by };
}

export class CatalogStore {
  private readonly catalogs = new Map<string, Info>();

  constructor(
    private readonly timeline: Timeline,
    private readonly metastoreId: string,
    private readonly owner: Principal,
    private readonly strictness: Strictness,
  ) {}

  /** A managed catalog, as a metastore admin would create it. 409 when it exists. */
  seed(seed: CatalogSeed): Info {
    const name = checkPart(seed.name, "catalog");
    if (this.catalogs.has(name)) throw alreadyExists(`Catalog '${name}' already exists.`);
    const owner = seed.owner ?? this.owner.name;
    const info: Info = {
      name,
      full_name: name,
      owner,
      catalog_type: "MANAGED_CATALOG",
      isolation_mode: "OPEN",
      securable_type: "CATALOG",
      metastore_id: this.metastoreId,
      ...audit(owner, this.timeline.now()),
      ...(seed.comment === undefined ? {} : { comment: seed.comment }),
      ...(seed.properties === undefined ? {} : { properties: { ...seed.properties } }),
    };
    this.catalogs.set(name, info);
    return structuredClone(info);
  }

  has(name: string): boolean {
    return this.catalogs.has(name.toLowerCase());
  }

  get(name: string): Info | undefined {
    const info = this.catalogs.get(name.toLowerCase());
    return info === undefined ? undefined : structuredClone(info);
  }

  list(): Info[] {
    return [...this.catalogs.values()].map((info) => structuredClone(info));
  }

  /** 404 CATALOG_DOES_NOT_EXIST (or the generic code) when missing. */
  require(name: string): Info {
    return this.get(name) ?? throwError(ucNotFound("CATALOG", name, this.strictness));
  }
}

export class SchemaStore {
  private readonly schemas = new Map<string, Info>();

  constructor(
    private readonly timeline: Timeline,
    private readonly ids: IdGenerator,
    private readonly metastoreId: string,
    private readonly owner: Principal,
    private readonly strictness: Strictness,
    private readonly catalogs: CatalogStore,
  ) {}

  /** A schema in an existing catalog (404 otherwise); 409 when it exists. */
  seed(seed: SchemaSeed): Info {
    const { catalog, schema } = parseSchemaName(seed.full_name);
    this.catalogs.require(catalog);
    const fullName = `${catalog}.${schema}`;
    if (this.schemas.has(fullName)) throw alreadyExists(`Schema '${fullName}' already exists.`);
    const owner = seed.owner ?? this.owner.name;
    const info: Info = {
      name: schema,
      catalog_name: catalog,
      full_name: fullName,
      owner,
      catalog_type: "MANAGED_CATALOG",
      metastore_id: this.metastoreId,
      schema_id: this.ids.uuid(),
      ...audit(owner, this.timeline.now()),
      ...(seed.comment === undefined ? {} : { comment: seed.comment }),
      ...(seed.properties === undefined ? {} : { properties: { ...seed.properties } }),
    };
    this.schemas.set(fullName, info);
    return structuredClone(info);
  }

  has(fullName: string): boolean {
    return this.schemas.has(fullName.toLowerCase());
  }

  get(fullName: string): Info | undefined {
    const info = this.schemas.get(fullName.toLowerCase());
    return info === undefined ? undefined : structuredClone(info);
  }

  /** The schemas of one catalog (404 when the catalog is missing), or of all. */
  list(catalog?: string): Info[] {
    if (catalog !== undefined) this.catalogs.require(catalog);
    return [...this.schemas.values()]
      .filter((info) => catalog === undefined || info.catalog_name === catalog.toLowerCase())
      .map((info) => structuredClone(info));
  }

  /**
   * The schema of `catalog.schema`, or 404: CATALOG_DOES_NOT_EXIST when the catalog is missing,
   * SCHEMA_DOES_NOT_EXIST when only the schema is (ASSUMPTION: the outermost missing one is named).
   */
  require(fullName: string): Info {
    const { catalog, schema } = parseSchemaName(fullName);
    this.catalogs.require(catalog);
    const name = `${catalog}.${schema}`;
    return this.get(name) ?? throwError(ucNotFound("SCHEMA", name, this.strictness));
  }
}

function throwError(error: Error): never {
  throw error;
}

/** GET catalogs and schemas (one page: the fake never sets next_page_token). */
export function registerNamespaceRoutes(
  router: Router,
  catalogs: CatalogStore,
  schemas: SchemaStore,
): void {
  const base = "/api/2.1/unity-catalog";
  router.add("GET", `${base}/catalogs`, () => ({ catalogs: catalogs.list() }));
  router.add("GET", `${base}/catalogs/{name}`, ({ params }) => catalogs.require(params.name ?? ""));
  router.add("GET", `${base}/schemas`, ({ query }) => {
    const catalog = query.get("catalog_name");
    if (catalog === null || catalog === "") {
      throw invalidParameter("Missing required field: catalog_name");
    }
    return { schemas: schemas.list(catalog) };
  });
  router.add("GET", `${base}/schemas/{full_name}`, ({ params }) =>
    schemas.require(params.full_name ?? ""),
  );
}
