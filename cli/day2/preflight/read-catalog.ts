import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName, tryParseTableName } from "../../../core/names";
import type { TableName } from "../../../core/types";
import { alertQueryTables } from "../../../core/alert-spec";
import { mapLimit } from "../chunks";
import { lower, schemaKey, type UcModelVersion, type UcObject, type UcTable } from "./facts";
import type { Lookup, WorkspaceReader } from "./workspace-reader";

/**
 * The Unity Catalog reads, batched by what they live in rather than per model: one GET per
 * catalog and schema, one paged list of tables (columns included) per schema that holds any
 * table a check needs, one paged list of registered models per schema. Then only what no list
 * can give: a registered model's aliases (GET with include_aliases=true, per model served by
 * alias), its versions (per model serving a version no existing endpoint serves already), and
 * GET …/exists for a labels or baseline table no list showed (it may exist unseen).
 */

const UC = "/api/2.1/unity-catalog";
const CONCURRENCY = 8;

/** Every table, schema and catalog the stack's models name. */
export interface CatalogScope {
  catalogs: string[];
  schemas: string[];
  tableSchemas: string[];
  modelSchemas: string[];
  /** Tables the configuration says must exist (labels, baselines). */
  requiredTables: TableName[];
}

export function catalogScope(specs: readonly ModelSpec[]): CatalogScope {
  const catalogs = new Set<string>();
  const schemas = new Set<string>();
  const tableSchemas = new Set<string>();
  const modelSchemas = new Set<string>();
  const required = new Map<string, TableName>();
  const addSchema = (name: { catalog: string; schema: string }, into?: Set<string>) => {
    catalogs.add(lower(name.catalog));
    schemas.add(schemaKey(name));
    into?.add(schemaKey(name));
  };
  for (const spec of specs) {
    const tables = alertQueryTables(spec);
    for (const table of [spec.inference.processedTable, spec.inference.payloadTable]) {
      addSchema(table, tableSchemas);
    }
    addSchema(tables.thresholdsTable, tableSchemas);
    const configured = [spec.labels?.table, parsed(spec.monitor.baselineTable)];
    for (const table of configured) {
      if (table === undefined) continue;
      addSchema(table, tableSchemas);
      required.set(lower(formatTableName(table)), table);
    }
    const model = parsed(spec.registeredModel);
    if (model !== undefined) addSchema(model, modelSchemas);
  }
  return {
    catalogs: [...catalogs].sort(),
    schemas: [...schemas].sort(),
    tableSchemas: [...tableSchemas].sort(),
    modelSchemas: [...modelSchemas].sort(),
    requiredTables: [...required.values()],
  };
}

export function parsed(name: string | undefined): TableName | undefined {
  const result = tryParseTableName(name ?? "");
  return result.ok ? result.value : undefined;
}

/** Name -> lookup, for each name; a read that could not be concluded is left out. */
async function each<T>(
  names: readonly string[],
  read: (name: string) => Promise<Lookup<T> | undefined>,
): Promise<Map<string, Lookup<T>>> {
  const results = await mapLimit(names, CONCURRENCY, read);
  const map = new Map<string, Lookup<T>>();
  names.forEach((name, i) => {
    const result = results[i];
    if (result !== undefined) map.set(name, result);
  });
  return map;
}

export function readNamespaces(reader: WorkspaceReader, scope: CatalogScope) {
  return Promise.all([
    each(scope.catalogs, (name) =>
      reader.lookUp(`catalog ${name}`, () =>
        reader.get<UcObject>(`${UC}/catalogs/${encodeURIComponent(name)}`),
      ),
    ),
    each(scope.schemas, (name) =>
      reader.lookUp(`schema ${name}`, () =>
        reader.get<UcObject>(`${UC}/schemas/${encodeURIComponent(name)}`),
      ),
    ),
  ]);
}

function splitSchema(name: string): Record<string, string> {
  const [catalog = "", schema = ""] = name.split(".");
  return { catalog_name: catalog, schema_name: schema };
}

export function readTableLists(reader: WorkspaceReader, schemas: readonly string[]) {
  return each(schemas, (name) =>
    reader.lookUp(`tables of ${name}`, () =>
      reader.pages<UcTable>(`${UC}/tables`, splitSchema(name), "tables"),
    ),
  );
}

export function readModelLists(reader: WorkspaceReader, schemas: readonly string[]) {
  return each(schemas, (name) =>
    reader.lookUp(`registered models of ${name}`, () =>
      reader.pages<UcObject>(`${UC}/models`, splitSchema(name), "registered_models"),
    ),
  );
}

export function readModelAliases(reader: WorkspaceReader, models: readonly string[]) {
  return each(models, (name) =>
    reader.lookUp(`aliases of ${name}`, () =>
      reader.get<UcObject>(`${UC}/models/${encodeURIComponent(name)}`, {
        include_aliases: "true",
      }),
    ),
  );
}

export function readModelVersions(reader: WorkspaceReader, models: readonly string[]) {
  return each(models, (name) =>
    reader.lookUp(`versions of ${name}`, () =>
      reader.pages<UcModelVersion>(
        `${UC}/models/${encodeURIComponent(name)}/versions`,
        {},
        "model_versions",
      ),
    ),
  );
}

export function confirmTables(reader: WorkspaceReader, tables: readonly string[]) {
  return each(tables, (name) =>
    reader.lookUp(`whether ${name} exists`, () =>
      reader.get<{ table_exists?: boolean }>(`${UC}/tables/${encodeURIComponent(name)}/exists`),
    ),
  );
}
