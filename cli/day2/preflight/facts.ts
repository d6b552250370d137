import { formatTableName } from "../../../core/names";
import type { TableName } from "../../../core/types";
import type { Identity } from "./read-identity";
import type { Lookup } from "./workspace-reader";

/**
 * What the preflight read from the workspace, once, for all checks: each check is a pure
 * function of these facts and the stack's model specs. Only the fields of the API's typed
 * answers that the checks use are declared. Names are keyed in lower case, as Unity Catalog
 * matches them.
 */

export interface UcColumn {
  name: string;
  type_text?: string;
  type_name?: string;
}

export interface UcTable {
  name?: string;
  full_name?: string;
  owner?: string;
  columns?: UcColumn[];
}

/** A catalog, schema or registered model: what the checks read of it. */
export interface UcObject {
  name?: string;
  full_name?: string;
  owner?: string;
  aliases?: Array<{ alias_name?: string; version_num?: number | string }>;
}

export interface UcModelVersion {
  version?: number | string;
  status?: string;
}

export interface InferenceTableConfig {
  enabled?: boolean;
  catalog_name?: string;
  schema_name?: string;
  table_name_prefix?: string;
}

export interface EndpointInfo {
  name?: string;
  config?: { served_entities?: Array<{ entity_name?: string; entity_version?: string }> };
  ai_gateway?: { inference_table_config?: InferenceTableConfig };
}

export interface PrivilegeAssignment {
  principal?: string;
  privileges?: Array<{ privilege?: string; inherited_from_name?: string }>;
}

export interface WarehouseInfo {
  id?: string;
  name?: string;
  state?: string;
}

export interface WarehouseAcl {
  access_control_list?: Array<{
    user_name?: string;
    group_name?: string;
    service_principal_name?: string;
    all_permissions?: Array<{ permission_level?: string }>;
  }>;
}

/** How a statement of the identity fared on the warehouse. */
export type StatementResult =
  { kind: "ok" } | { kind: "sql-error"; message: string } | { kind: "refused"; message: string };

/** The one SQL statement, when one was needed (sql-probe.ts). */
export interface ProbeOutcome {
  /** What the statement read: the served-entities system table, or nothing (SELECT 1). */
  systemTable: boolean;
  result: StatementResult;
}

/** The script probe: the output schemas whose information_schema it read. */
export interface ScriptProbeOutcome {
  schemas: string[];
  result: StatementResult;
}

export interface WorkspaceFacts {
  identity: Identity;
  warehouseId: string;
  warehouse: Lookup<WarehouseInfo>;
  warehouseAcl?: Lookup<WarehouseAcl>;
  catalogs: Map<string, Lookup<UcObject>>;
  schemas: Map<string, Lookup<UcObject>>;
  /** Schema full name -> its tables (those the identity may see). */
  tableLists: Map<string, Lookup<UcTable[]>>;
  /** Table full name -> GET …/exists, for tables the configuration needs that no list showed. */
  tablesConfirmed: Map<string, Lookup<{ table_exists?: boolean }>>;
  /** Schema full name -> its registered models (those the identity may see). */
  modelLists: Map<string, Lookup<UcObject[]>>;
  /** Registered model full name -> the model with its aliases. */
  modelAliases: Map<string, Lookup<UcObject>>;
  /** Registered model full name -> its versions. */
  modelVersions: Map<string, Lookup<UcModelVersion[]>>;
  endpoints: Lookup<EndpointInfo[]>;
  /** Endpoint name -> GET …/{name}, where the list left out ai_gateway. */
  endpointDetails: Map<string, Lookup<EndpointInfo>>;
  /** securableKey -> its effective permissions (all principals). */
  permissions: Map<string, Lookup<PrivilegeAssignment[]>>;
  probe?: ProbeOutcome;
  /** The SQL script the alerts' queries are built like, when an alert holds one (sql-probe.ts). */
  scriptProbe?: ScriptProbeOutcome;
}

export const lower = (text: string): string => text.toLowerCase();
export const schemaKey = (name: { catalog: string; schema: string }): string =>
  lower(`${name.catalog}.${name.schema}`);

export type TableState =
  | { kind: "found"; table: UcTable }
  | { kind: "missing" }
  /** It exists, but the identity may not see it (no SELECT, not its owner). */
  | { kind: "invisible" }
  | { kind: "unknown"; message: string };

/** A table, as its schema's list (and, for a table the list left out, GET …/exists) tell. */
export function tableState(facts: WorkspaceFacts, name: TableName): TableState {
  const list = facts.tableLists.get(schemaKey(name));
  if (list === undefined) return { kind: "unknown", message: "its schema was not read" };
  if (list.kind === "missing") return { kind: "missing" };
  if (list.kind === "refused") return { kind: "unknown", message: list.message };
  const fullName = lower(formatTableName(name));
  const table = list.value.find((t) => lower(t.full_name ?? "") === fullName);
  if (table !== undefined) return { kind: "found", table };
  const confirmed = facts.tablesConfirmed.get(fullName);
  if (confirmed?.kind === "found" && confirmed.value.table_exists === true) {
    return { kind: "invisible" };
  }
  if (confirmed?.kind === "refused") return { kind: "unknown", message: confirmed.message };
  return { kind: "missing" };
}

export type ObjectState =
  { kind: "found"; object: UcObject } | { kind: "missing" } | { kind: "unknown"; message: string };

function stateOf(lookup: Lookup<UcObject> | undefined): ObjectState {
  if (lookup === undefined) return { kind: "unknown", message: "not read" };
  if (lookup.kind === "found") return { kind: "found", object: lookup.value };
  return lookup.kind === "missing" ? lookup : { kind: "unknown", message: lookup.message };
}

export const catalogState = (facts: WorkspaceFacts, name: string): ObjectState =>
  stateOf(facts.catalogs.get(lower(name)));

export const schemaState = (facts: WorkspaceFacts, fullName: string): ObjectState =>
  stateOf(facts.schemas.get(lower(fullName)));

/** A registered model, as its schema's list tells. */
export function registeredModelState(facts: WorkspaceFacts, name: TableName): ObjectState {
  const list = facts.modelLists.get(schemaKey(name));
  if (list === undefined) return { kind: "unknown", message: "its schema was not read" };
  if (list.kind !== "found") return stateOf(list as Lookup<UcObject>);
  const fullName = lower(formatTableName(name));
  const model = list.value.find((m) => lower(m.full_name ?? "") === fullName);
  return model === undefined ? { kind: "missing" } : { kind: "found", object: model };
}

/** The existing endpoint of that name, with ai_gateway from GET …/{name} where the list had none. */
export function endpointState(facts: WorkspaceFacts, name: string): EndpointInfo | undefined {
  if (facts.endpoints.kind !== "found") return undefined;
  const listed = facts.endpoints.value.find((e) => e.name === name);
  if (listed === undefined) return undefined;
  const detail = facts.endpointDetails.get(name);
  return detail?.kind === "found" ? detail.value : listed;
}
