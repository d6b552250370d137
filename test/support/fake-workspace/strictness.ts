/**
 * Switches for what the public sources leave open (UNCONFIRMED). Each default is the side that
 * makes a client work harder, so code that passes the fake with the defaults does not depend on
 * the kinder answer. The object is live: change a field on `fake.strictness` and the next request
 * follows it.
 */
export interface Strictness {
  /**
   * Request body fields the SDK's request message does not have (a misspelt or invented field).
   * "reject": 400 INVALID_PARAMETER_VALUE naming every such field. "ignore": dropped before the
   * request is handled, so nothing of them is stored or echoed (proto JSON parsing either way).
   */
  unknownFields: "reject" | "ignore";
  /**
   * A create-only field sent on update with another value than it was created with: an alert's
   * `parent_path` named in `update_mask`, a monitor's `warehouse_id` or `skip_builtin_dashboard` in
   * a PUT. "reject": 400 INVALID_PARAMETER_VALUE. "ignore": the created value stays.
   * (A monitor's `assets_dir` is documented as ignored on update, under either setting.)
   */
  createOnlyFields: "reject" | "ignore";
  /**
   * The `error_code` of a 404 for a missing catalog, schema or table. "specific":
   * CATALOG_DOES_NOT_EXIST, SCHEMA_DOES_NOT_EXIST, TABLE_DOES_NOT_EXIST (codes of Databricks'
   * ErrorCode enum). "generic": RESOURCE_DOES_NOT_EXIST for all of them.
   */
  ucErrorCodes: "specific" | "generic";
  /**
   * GET …/tables/{name}/exists when the table's catalog or schema does not exist. "not-found": 404
   * as for GET …/tables/{name}. "false": 200 `{table_exists: false}`.
   */
  tableExistsWithoutSchema: "not-found" | "false";
  /**
   * A serving endpoint config naming a Unity Catalog model or model version that does not exist.
   * "fail-update": accepted, and the config update ends UPDATE_FAILED (the create "succeeds").
   * "refuse": 404 RESOURCE_DOES_NOT_EXIST at once.
   */
  missingServedModel: "fail-update" | "refuse";
  /**
   * GET …/effective-permissions/… for a principal that holds privileges through a group.
   * "direct": the principal's own assignment lists only what was granted to it (the groups'
   * assignments list theirs). "expanded": the principal's assignment also lists what its groups
   * hold. (uc-grants.ts)
   */
  effectivePermissionsGroups: "direct" | "expanded";
  /**
   * Who may read a SQL warehouse's permissions (GET /api/2.0/permissions/warehouses/{id}).
   * "managers": only CAN_MANAGE, IS_OWNER and workspace admins; anyone else gets 403.
   * "users": anyone holding a permission on it (CAN_VIEW and up). (warehouses.ts)
   */
  warehousePermissionsReadableBy: "managers" | "users";
  /**
   * Whether GET /api/2.0/serving-endpoints fills in each endpoint's `ai_gateway` (the SDK's
   * `ServingEndpoint` summary has the field). "omitted": never. "included": as GET … /{name}.
   */
  endpointListAiGateway: "omitted" | "included";
  /**
   * Which groups SCIM Me lists for the caller (identities.ts). "direct": only the groups it is
   * a member of itself (`type: "direct"`); a group nested in one of them is not listed, though
   * access held through it counts. "transitive": also those (`type: "indirect"`).
   */
  scimMeGroups: "direct" | "transitive";
}

export const defaultStrictness: Readonly<Strictness> = {
  unknownFields: "reject",
  createOnlyFields: "reject",
  ucErrorCodes: "specific",
  tableExistsWithoutSchema: "not-found",
  missingServedModel: "fail-update",
  effectivePermissionsGroups: "direct",
  warehousePermissionsReadableBy: "managers",
  endpointListAiGateway: "omitted",
  scimMeGroups: "direct",
};
