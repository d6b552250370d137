import type { ModelSpec } from "../../../config/model-spec";
import type { SqlRunner } from "../../../databricks-client/sql-session";
import { formatTableName } from "../../../core/names";
import { mapLimit } from "../chunks";
import {
  endpointState,
  lower,
  registeredModelState,
  schemaKey,
  tableState,
  type WorkspaceFacts,
} from "./facts";
import {
  catalogScope,
  confirmTables,
  parsed,
  readModelAliases,
  readModelLists,
  readModelVersions,
  readNamespaces,
  readTableLists,
} from "./read-catalog";
import {
  readEffectivePermissions,
  readEndpointDetails,
  readEndpoints,
  readWarehouse,
} from "./read-access";
import type { Identity } from "./read-identity";
import { existence, heldThroughSchema, lacking, ownership } from "./privilege-evaluation";
import { requiredPrivileges, securableKey, type SecurableNeed } from "./required-privileges";
import { runProbe, runScriptProbe } from "./sql-probe";
import type { Lookup, WorkspaceReader } from "./workspace-reader";

/**
 * Reads everything the checks need, in rounds whose reads run in parallel: first what the
 * configuration names (catalogs, schemas, the tables and registered models of each schema,
 * endpoints, the warehouse); then what those answers leave open (versions not served yet,
 * endpoints listed without ai_gateway, required tables no list showed, privileges not covered by
 * ownership or by the schema's grants); then at most one SQL statement. Undefined when a read
 * could not be concluded: the reader holds which, and the run ends with exit 2.
 */
export async function gatherFacts(
  reader: WorkspaceReader,
  specs: readonly ModelSpec[],
  identity: Identity,
  warehouseId: string,
  sql: () => SqlRunner,
): Promise<WorkspaceFacts | undefined> {
  const scope = catalogScope(specs);
  const aliased = registeredModels(specs, (spec) =>
    spec.endpoint.servedEntities.some((e) => e.alias),
  );
  const [[catalogs, schemas], tableLists, modelLists, modelAliases, endpoints, warehouse] =
    await Promise.all([
      readNamespaces(reader, scope),
      readTableLists(reader, scope.tableSchemas),
      readModelLists(reader, scope.modelSchemas),
      readModelAliases(reader, aliased),
      readEndpoints(reader),
      readWarehouse(reader, warehouseId),
    ]);
  if (endpoints === undefined || warehouse.info === undefined) return undefined;
  const facts: WorkspaceFacts = {
    identity,
    warehouseId,
    warehouse: warehouse.info,
    ...(warehouse.acl === undefined ? {} : { warehouseAcl: warehouse.acl }),
    catalogs,
    schemas,
    tableLists,
    tablesConfirmed: new Map(),
    modelLists,
    modelAliases,
    modelVersions: new Map(),
    endpoints,
    endpointDetails: new Map(),
    permissions: new Map(),
  };

  const [versions, details, confirmed] = await Promise.all([
    readModelVersions(reader, versionsToCheck(facts, specs)),
    readEndpointDetails(reader, endpointsWithoutGateway(facts, specs)),
    confirmTables(
      reader,
      scope.requiredTables
        .filter((t) => facts.tableLists.get(lower(`${t.catalog}.${t.schema}`))?.kind === "found")
        .filter((t) => tableState(facts, t).kind === "missing")
        .map((t) => lower(formatTableName(t))),
    ),
  ]);
  facts.modelVersions = versions;
  facts.endpointDetails = details;
  facts.tablesConfirmed = confirmed;

  await readPermissions(reader, facts, specs, identity);
  const systemTable = specs.some((s) => s.inference.modelIdSource === "system_table");
  const scriptSchemas = alertScriptSchemas(specs);
  const aclUnreadable = facts.warehouseAcl?.kind === "refused";
  if (facts.warehouse.kind === "found") {
    // Any statement that runs shows the identity may use the warehouse: SELECT 1 only when
    // nothing else is sent.
    if (systemTable || (aclUnreadable && scriptSchemas.length === 0)) {
      const probe = await runProbe(sql, systemTable, reader.unconcluded);
      if (probe !== undefined) facts.probe = probe;
    }
    if (scriptSchemas.length > 0) {
      const probe = await runScriptProbe(sql, scriptSchemas, reader.unconcluded);
      if (probe !== undefined) facts.scriptProbe = probe;
    }
  }
  return reader.unconcluded.length > 0 ? undefined : facts;
}

/** The output schemas of the models whose alerts hold a SQL script, each once. */
function alertScriptSchemas(specs: readonly ModelSpec[]): { catalog: string; schema: string }[] {
  const schemas = new Map<string, { catalog: string; schema: string }>();
  for (const spec of specs) {
    if (spec.alerting.queryForm !== "script") continue;
    const output = spec.monitor.outputSchema;
    schemas.set(schemaKey(output), { catalog: output.catalog, schema: output.schema });
  }
  return [...schemas.values()];
}

/** Distinct registered models (lower case) of the specs that match. */
function registeredModels(
  specs: readonly ModelSpec[],
  keep: (spec: ModelSpec) => boolean,
): string[] {
  const names = specs
    .filter(keep)
    .map((spec) => parsed(spec.registeredModel))
    .filter((name) => name !== undefined)
    .map((name) => lower(formatTableName(name)));
  return [...new Set(names)].sort();
}

/**
 * Registered models with a served version that must be looked up: the model exists, and the
 * model's existing endpoint does not serve that version already (then it exists).
 */
function versionsToCheck(facts: WorkspaceFacts, specs: readonly ModelSpec[]): string[] {
  return registeredModels(specs, (spec) => {
    const name = parsed(spec.registeredModel);
    if (name === undefined || registeredModelState(facts, name).kind !== "found") return false;
    const served = endpointState(facts, spec.endpoint.name)?.config?.served_entities ?? [];
    return spec.endpoint.servedEntities.some(
      (entity) =>
        entity.version !== undefined &&
        !served.some(
          (s) =>
            lower(s.entity_name ?? "") === lower(spec.registeredModel) &&
            String(s.entity_version) === entity.version,
        ),
    );
  });
}

function endpointsWithoutGateway(facts: WorkspaceFacts, specs: readonly ModelSpec[]): string[] {
  if (facts.endpoints.kind !== "found") return [];
  const listed = facts.endpoints.value;
  return specs
    .map((spec) => spec.endpoint.name)
    .filter((name) => listed.some((e) => e.name === name && e.ai_gateway === undefined));
}

/**
 * Effective permissions where ownership does not settle it: catalogs and schemas first, then a
 * table or model only when its schema's grants do not already cover what it needs.
 */
async function readPermissions(
  reader: WorkspaceReader,
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
  identity: Identity,
): Promise<void> {
  const needs = requiredPrivileges(specs, {
    table: (name) => ["found", "invisible"].includes(tableState(facts, name).kind),
    registeredModel: (fullName) => {
      const name = parsed(fullName);
      return name !== undefined && registeredModelState(facts, name).kind === "found";
    },
  });
  const toRead = (need: SecurableNeed) =>
    existence(facts, need.securable) === "yes" &&
    ownership(facts, need.securable, identity) === undefined;
  const containers = needs.filter(
    (n) => n.securable.type === "catalog" || n.securable.type === "schema",
  );
  const objects = needs.filter((n) => !containers.includes(n));
  const read = async (batch: readonly SecurableNeed[]) => {
    const results = await mapLimit(batch, 8, (need) =>
      readEffectivePermissions(reader, need.securable),
    );
    batch.forEach((need, i) => {
      const result = results[i] as Lookup<never[]> | undefined;
      if (result !== undefined) facts.permissions.set(securableKey(need.securable), result);
    });
  };
  await read(containers.filter(toRead));
  await read(
    objects
      .filter(toRead)
      .filter(
        (need) =>
          lacking([...need.privileges.keys()], heldThroughSchema(facts, need.securable, identity))
            .length > 0,
      ),
  );
}
