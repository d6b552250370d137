import { message, OPAQUE, VALUE } from "./shape";
import { registeredModelInfo, tableInfo } from "./shapes-catalog";

/**
 * Messages of the calls that say who the caller is and what it may do: the current user (SCIM
 * `User`, databricks-sdk-py iam.py, JSON names as its as_dict writes them), a SQL warehouse and
 * its permissions (sql.py), Unity Catalog effective permissions and the per-schema lists of
 * tables and registered models (catalog.py). `present` lists what the fake always fills in
 * (ASSUMPTION where the SDK marks a field optional).
 */

const complexValue = message("databricks-sdk-py iam.py ComplexValue", {
  display: VALUE,
  primary: VALUE,
  $ref: VALUE,
  type: VALUE,
  value: VALUE,
});

/** GET /api/2.0/preview/scim/v2/Me. */
export const scimUser = message(
  "databricks-sdk-py iam.py User",
  {
    active: VALUE,
    displayName: VALUE,
    emails: complexValue,
    entitlements: complexValue,
    externalId: VALUE,
    groups: complexValue,
    id: VALUE,
    name: message("databricks-sdk-py iam.py Name", { familyName: VALUE, givenName: VALUE }),
    roles: complexValue,
    schemas: VALUE,
    userName: VALUE,
  },
  ["id", "userName"],
);

const sql = (name: string): string => `databricks-sdk-py sql.py ${name}`;

/** GET /api/2.0/sql/warehouses/{id}. */
export const getWarehouseResponse = message(
  sql("GetWarehouseResponse"),
  {
    auto_stop_mins: VALUE,
    channel: message(sql("Channel"), { dbsql_version: VALUE, name: VALUE }),
    cluster_size: VALUE,
    creator_name: VALUE,
    enable_photon: VALUE,
    enable_serverless_compute: VALUE,
    health: message(sql("EndpointHealth"), {
      details: VALUE,
      failure_reason: OPAQUE,
      message: VALUE,
      status: VALUE,
      summary: VALUE,
    }),
    id: VALUE,
    instance_profile_arn: VALUE,
    jdbc_url: VALUE,
    max_num_clusters: VALUE,
    min_num_clusters: VALUE,
    name: VALUE,
    num_active_sessions: VALUE,
    num_clusters: VALUE,
    odbc_params: message(sql("OdbcParams"), {
      hostname: VALUE,
      path: VALUE,
      port: VALUE,
      protocol: VALUE,
    }),
    spot_instance_policy: VALUE,
    state: VALUE,
    tags: message(sql("EndpointTags"), {
      custom_tags: message(sql("EndpointTagPair"), { key: VALUE, value: VALUE }),
    }),
    warehouse_type: VALUE,
  },
  ["id", "name", "state", "creator_name"],
);

/** GET /api/2.0/permissions/warehouses/{id}. */
export const warehousePermissions = message(sql("WarehousePermissions"), {
  access_control_list: message(sql("WarehouseAccessControlResponse"), {
    all_permissions: message(
      sql("WarehousePermission"),
      { inherited: VALUE, inherited_from_object: VALUE, permission_level: VALUE },
      ["inherited", "permission_level"],
    ),
    display_name: VALUE,
    group_name: VALUE,
    service_principal_name: VALUE,
    user_name: VALUE,
  }),
  object_id: VALUE,
  object_type: VALUE,
});

const catalog = (name: string): string => `databricks-sdk-py catalog.py ${name}`;

/** GET /api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}. */
export const effectivePermissionsList = message(catalog("EffectivePermissionsList"), {
  next_page_token: VALUE,
  privilege_assignments: message(
    catalog("EffectivePrivilegeAssignment"),
    {
      principal: VALUE,
      privileges: message(
        catalog("EffectivePrivilege"),
        { inherited_from_name: VALUE, inherited_from_type: VALUE, privilege: VALUE },
        ["privilege"],
      ),
    },
    ["principal"],
  ),
});

/** GET /api/2.1/unity-catalog/tables?catalog_name&schema_name. */
export const listTablesResponse = message(catalog("ListTablesResponse"), {
  next_page_token: VALUE,
  tables: tableInfo,
});

/** GET /api/2.1/unity-catalog/models?catalog_name&schema_name. */
export const listRegisteredModelsResponse = message(catalog("ListRegisteredModelsResponse"), {
  next_page_token: VALUE,
  registered_models: registeredModelInfo,
});
