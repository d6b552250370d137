import { mapLimit } from "../chunks";
import type { EndpointInfo, PrivilegeAssignment, WarehouseAcl, WarehouseInfo } from "./facts";
import type { Securable } from "./required-privileges";
import type { Lookup, WorkspaceReader } from "./workspace-reader";

/**
 * The reads about serving endpoints, the warehouse and privileges. Endpoints: one list for all
 * (databricks-sdk-py serving.py ServingEndpointsAPI.list, whose `ServingEndpoint` summary has
 * `ai_gateway`, UNCONFIRMED whether a workspace fills it in), and GET …/{name} only for an
 * endpoint of ours the list shows without it. Warehouse: WarehousesAPI.get and get_permissions
 * (sql.py). Privileges: GrantsAPI.get_effective (catalog.py) without a principal, so that grants
 * to the identity's groups come back too, whatever the answer lists under the identity itself.
 */

export function readEndpoints(reader: WorkspaceReader) {
  return reader.lookUp("the serving endpoints", async () => {
    const answer = await reader.get<{ endpoints?: EndpointInfo[] }>("/api/2.0/serving-endpoints");
    return answer.endpoints ?? [];
  });
}

export async function readEndpointDetails(
  reader: WorkspaceReader,
  names: readonly string[],
): Promise<Map<string, Lookup<EndpointInfo>>> {
  const results = await mapLimit(names, 8, (name) =>
    reader.lookUp(`endpoint ${name}`, () =>
      reader.get<EndpointInfo>(`/api/2.0/serving-endpoints/${encodeURIComponent(name)}`),
    ),
  );
  const map = new Map<string, Lookup<EndpointInfo>>();
  names.forEach((name, i) => {
    const result = results[i];
    if (result !== undefined) map.set(name, result);
  });
  return map;
}

export async function readWarehouse(
  reader: WorkspaceReader,
  id: string,
): Promise<{ info?: Lookup<WarehouseInfo>; acl?: Lookup<WarehouseAcl> }> {
  const path = encodeURIComponent(id);
  const info = await reader.lookUp(`warehouse ${id}`, () =>
    reader.get<WarehouseInfo>(`/api/2.0/sql/warehouses/${path}`),
  );
  if (info?.kind !== "found") return { ...(info === undefined ? {} : { info }) };
  const acl = await reader.lookUp(`permissions of warehouse ${id}`, () =>
    reader.get<WarehouseAcl>(`/api/2.0/permissions/warehouses/${path}`),
  );
  return { info, ...(acl === undefined ? {} : { acl }) };
}

export function readEffectivePermissions(reader: WorkspaceReader, securable: Securable) {
  const path = `/api/2.1/unity-catalog/effective-permissions/${securable.type}/${encodeURIComponent(securable.fullName)}`;
  return reader.lookUp(`privileges on ${securable.type} ${securable.fullName}`, () =>
    reader.pages<PrivilegeAssignment>(path, {}, "privilege_assignments"),
  );
}
