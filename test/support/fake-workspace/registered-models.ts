import type { Principal } from "./access";
import { alreadyExists, invalidParameter, notFound } from "./errors";
import type { IdGenerator } from "./ids";
import type { Router } from "./router";
import { parseTableName } from "./tables";
import type { Timeline } from "./timeline";
import type { SchemaStore } from "./uc-namespaces";

/**
 * Unity Catalog registered models with their versions and aliases (`RegisteredModelsAPI`,
 * `ModelVersionsAPI` of the SDKs). Tests seed them; serving endpoints check the versions they
 * serve against them. Aliases are answered only when asked for with `include_aliases=true`, as
 * that parameter's documentation says.
 */

export interface ModelVersionSeed {
  version: number;
  /** Default READY. */
  status?: "READY" | "PENDING_REGISTRATION" | "FAILED_REGISTRATION";
  source?: string;
  run_id?: string;
  comment?: string;
}

export interface RegisteredModelSeed {
  /** `catalog.schema.model`, in an existing schema. */
  full_name: string;
  owner?: string;
  comment?: string;
  /** Version numbers, or versions with details. */
  versions?: ReadonlyArray<number | ModelVersionSeed>;
  /** Alias name -> version number (the version must be among `versions`). */
  aliases?: Record<string, number>;
}

type Info = Record<string, unknown>;

interface ModelRecord {
  info: Info;
  versions: Map<number, Info>;
  aliases: Map<string, number>;
}

export class RegisteredModelStore {
  private readonly models = new Map<string, ModelRecord>();

  constructor(
    private readonly timeline: Timeline,
    private readonly ids: IdGenerator,
    private readonly metastoreId: string,
    private readonly owner: Principal,
    private readonly schemas: SchemaStore,
  ) {}

  /** A model in an existing schema (404 otherwise), with versions and aliases; 409 when it exists. */
  seed(seed: RegisteredModelSeed): Info {
    const { catalog, schema, table: name } = parseTableName(seed.full_name);
    this.schemas.require(`${catalog}.${schema}`);
    const fullName = `${catalog}.${schema}.${name}`;
    if (this.models.has(fullName)) throw alreadyExists(`Registered model '${fullName}' exists.`);
    const owner = seed.owner ?? this.owner.name;
    const now = this.timeline.now();
    const record: ModelRecord = {
      info: {
        name,
        catalog_name: catalog,
        schema_name: schema,
        full_name: fullName,
        owner,
        metastore_id: this.metastoreId,
        storage_location: `s3://fake-metastore/${this.metastoreId}/models/${this.ids.uuid()}`,
        ...audit(owner, now),
        ...(seed.comment === undefined ? {} : { comment: seed.comment }),
      },
      versions: new Map(),
      aliases: new Map(),
    };
    this.models.set(fullName, record);
    for (const version of seed.versions ?? []) {
      this.addVersion(fullName, typeof version === "number" ? { version } : version);
    }
    for (const [alias, version] of Object.entries(seed.aliases ?? {})) {
      this.setAlias(fullName, alias, version);
    }
    return this.get(fullName, true);
  }

  /** Registers a version of an existing model (as training would). */
  addVersion(fullName: string, seed: ModelVersionSeed): Info {
    const record = this.require(fullName);
    if (!Number.isInteger(seed.version) || seed.version < 1) {
      throw invalidParameter(`Invalid model version ${seed.version}`);
    }
    if (record.versions.has(seed.version)) {
      throw alreadyExists(`Version ${seed.version} of '${fullName}' exists.`);
    }
    const owner = String(record.info.owner);
    const info: Info = {
      catalog_name: record.info.catalog_name,
      schema_name: record.info.schema_name,
      model_name: record.info.name,
      version: seed.version,
      id: this.ids.uuid(),
      status: seed.status ?? "READY",
      source: seed.source ?? `dbfs:/databricks/mlflow-tracking/fake/${this.ids.hex(32)}/artifacts`,
      storage_location: `${String(record.info.storage_location)}/versions/${seed.version}`,
      metastore_id: this.metastoreId,
      ...audit(owner, this.timeline.now()),
      ...(seed.run_id === undefined ? {} : { run_id: seed.run_id }),
      ...(seed.comment === undefined ? {} : { comment: seed.comment }),
    };
    record.versions.set(seed.version, info);
    return structuredClone(info);
  }

  /** Points `alias` at an existing version (moving it if it pointed elsewhere). */
  setAlias(fullName: string, alias: string, version: number): void {
    const record = this.require(fullName);
    if (!record.versions.has(version)) throw missingVersion(fullName, version);
    record.aliases.set(alias, version);
  }

  has(fullName: string): boolean {
    return this.models.has(fullName.toLowerCase());
  }

  /** `RegisteredModelInfo`s (without aliases) of one schema, by name; 404 for a missing schema. */
  list(catalog: string, schema: string): Info[] {
    this.schemas.require(`${catalog}.${schema}`);
    const prefix = `${catalog}.${schema}.`.toLowerCase();
    return [...this.models.keys()]
      .filter((name) => name.startsWith(prefix))
      .sort()
      .map((name) => this.get(name));
  }

  hasVersion(fullName: string, version: string | number): boolean {
    return this.models.get(fullName.toLowerCase())?.versions.has(Number(version)) ?? false;
  }

  /** `RegisteredModelInfo`; aliases only with `includeAliases`. */
  get(fullName: string, includeAliases = false): Info {
    const record = this.require(fullName);
    return structuredClone({
      ...record.info,
      ...(includeAliases ? { aliases: aliasList(record, () => true) } : {}),
    });
  }

  /** `ModelVersionInfo`s, newest first (ASSUMPTION: the order is not documented). */
  versions(fullName: string, includeAliases = false): Info[] {
    const record = this.require(fullName);
    return [...record.versions.keys()]
      .sort((a, b) => b - a)
      .map((version) => versionView(record, version, includeAliases));
  }

  version(fullName: string, version: number, includeAliases = false): Info {
    const record = this.require(fullName);
    if (!record.versions.has(version)) throw missingVersion(fullName, version);
    return versionView(record, version, includeAliases);
  }

  byAlias(fullName: string, alias: string, includeAliases = false): Info {
    const record = this.require(fullName);
    const version = record.aliases.get(alias);
    if (version === undefined) {
      throw notFound(`Alias '${alias}' does not exist for registered model '${fullName}'.`);
    }
    return versionView(record, version, includeAliases);
  }

  /**
   * The model, or 404: CATALOG/SCHEMA_DOES_NOT_EXIST for a missing parent, else
   * RESOURCE_DOES_NOT_EXIST (UNCONFIRMED: no model-specific code is in the ErrorCode enum).
   */
  private require(fullName: string): ModelRecord {
    const { catalog, schema, table: name } = parseTableName(fullName);
    this.schemas.require(`${catalog}.${schema}`);
    const key = `${catalog}.${schema}.${name}`;
    const record = this.models.get(key);
    if (record === undefined) throw notFound(`Registered model '${key}' does not exist.`);
    return record;
  }
}

function audit(by: string, at: number): Info {
  return { created_at: at, created_by: by, updated_at: at, updated_by: by };
}

function aliasList(record: ModelRecord, keep: (version: number) => boolean): Info[] {
  return [...record.aliases.entries()]
    .filter(([, version]) => keep(version))
    .map(([alias, version]) => ({ alias_name: alias, version_num: version }));
}

function versionView(record: ModelRecord, version: number, includeAliases: boolean): Info {
  const info = record.versions.get(version) as Info;
  return structuredClone({
    ...info,
    ...(includeAliases ? { aliases: aliasList(record, (v) => v === version) } : {}),
  });
}

function missingVersion(fullName: string, version: number): Error {
  return notFound(`Model version ${version} of '${fullName}' does not exist.`);
}

function readVersion(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) throw invalidParameter(`Invalid version '${raw}'`);
  return Number(raw);
}

/** GET model, its versions, one version, and a version by alias (the SDKs' paths). */
export function registerRegisteredModelRoutes(router: Router, models: RegisteredModelStore): void {
  const base = "/api/2.1/unity-catalog/models/{full_name}";
  const aliases = (query: URLSearchParams): boolean => query.get("include_aliases") === "true";
  router.add("GET", base, ({ params, query }) =>
    models.get(params.full_name ?? "", aliases(query)),
  );
  router.add("GET", `${base}/versions`, ({ params }) => ({
    model_versions: models.versions(params.full_name ?? ""),
  }));
  router.add("GET", `${base}/versions/{version}`, ({ params, query }) =>
    models.version(params.full_name ?? "", readVersion(params.version), aliases(query)),
  );
  router.add("GET", `${base}/aliases/{alias}`, ({ params, query }) =>
    models.byAlias(params.full_name ?? "", params.alias ?? "", aliases(query)),
  );
}
