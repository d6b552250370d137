import { invalidParameter } from "./errors";
import { EMPTY, keepKnown, unknownFields, type Message } from "./shape";
import * as access from "./shapes-access";
import * as alerts from "./shapes-alerts";
import * as uc from "./shapes-catalog";
import * as serving from "./shapes-serving";
import type { Strictness } from "./strictness";

/**
 * For every route the fake serves: the message its request body must fit (when it takes one) and
 * the message its answer is cut to. The server applies both (server.ts), so no route echoes a field
 * the API's typed messages do not have, whatever a store keeps.
 */
export interface RouteShape {
  request?: Message;
  response: Message;
}

const endpoint = "/api/2.0/serving-endpoints/{name}";
const monitor = "/api/2.1/unity-catalog/tables/{table_name}/monitor";
const model = "/api/2.1/unity-catalog/models/{full_name}";

/** Keyed like `LoggedRequest.route`: "METHOD /pattern". */
export const routeShapes: ReadonlyMap<string, RouteShape> = new Map<string, RouteShape>([
  [
    "POST /api/2.0/serving-endpoints",
    { request: serving.createServingEndpoint, response: serving.servingEndpointDetailed },
  ],
  ["GET /api/2.0/serving-endpoints", { response: serving.listEndpointsResponse }],
  [`GET ${endpoint}`, { response: serving.servingEndpointDetailed }],
  [`DELETE ${endpoint}`, { response: EMPTY }],
  [
    `PUT ${endpoint}/config`,
    { request: serving.endpointCoreConfigInput, response: serving.servingEndpointDetailed },
  ],
  [
    `PUT ${endpoint}/ai-gateway`,
    { request: serving.aiGatewayConfig, response: serving.aiGatewayConfig },
  ],
  [
    `PATCH ${endpoint}/tags`,
    { request: serving.patchServingEndpointTags, response: serving.endpointTags },
  ],
  ["GET /api/2.1/unity-catalog/tables/{full_name}", { response: uc.tableInfo }],
  ["GET /api/2.1/unity-catalog/tables/{full_name}/exists", { response: uc.tableExistsResponse }],
  [`POST ${monitor}`, { request: uc.createMonitor, response: uc.monitorInfo }],
  [`GET ${monitor}`, { response: uc.monitorInfo }],
  [`PUT ${monitor}`, { request: uc.updateMonitor, response: uc.monitorInfo }],
  [`DELETE ${monitor}`, { response: EMPTY }],
  [`POST ${monitor}/refreshes`, { request: EMPTY, response: uc.monitorRefreshInfo }],
  [`GET ${monitor}/refreshes`, { response: uc.monitorRefreshListResponse }],
  [`GET ${monitor}/refreshes/{refresh_id}`, { response: uc.monitorRefreshInfo }],
  [`POST ${monitor}/refreshes/{refresh_id}/cancel`, { request: EMPTY, response: EMPTY }],
  ["GET /api/2.1/unity-catalog/catalogs", { response: uc.listCatalogsResponse }],
  ["GET /api/2.1/unity-catalog/catalogs/{name}", { response: uc.catalogInfo }],
  ["GET /api/2.1/unity-catalog/schemas", { response: uc.listSchemasResponse }],
  ["GET /api/2.1/unity-catalog/schemas/{full_name}", { response: uc.schemaInfo }],
  [`GET ${model}`, { response: uc.registeredModelInfo }],
  [`GET ${model}/versions`, { response: uc.listModelVersionsResponse }],
  [`GET ${model}/versions/{version}`, { response: uc.modelVersionInfo }],
  [`GET ${model}/aliases/{alias}`, { response: uc.modelVersionInfo }],
  ["POST /api/2.0/alerts", { request: alerts.alertV2, response: alerts.alertV2 }],
  ["GET /api/2.0/alerts", { response: alerts.listAlertsV2Response }],
  ["GET /api/2.0/alerts/{id}", { response: alerts.alertV2 }],
  ["PATCH /api/2.0/alerts/{id}", { request: alerts.alertV2, response: alerts.alertV2 }],
  ["DELETE /api/2.0/alerts/{id}", { response: EMPTY }],
  [
    "POST /api/2.0/notification-destinations",
    { request: alerts.notificationDestinationRequest, response: alerts.notificationDestination },
  ],
  [
    "GET /api/2.0/notification-destinations",
    { response: alerts.listNotificationDestinationsResponse },
  ],
  ["GET /api/2.0/notification-destinations/{id}", { response: alerts.notificationDestination }],
  [
    "PATCH /api/2.0/notification-destinations/{id}",
    { request: alerts.notificationDestinationRequest, response: alerts.notificationDestination },
  ],
  ["DELETE /api/2.0/notification-destinations/{id}", { response: EMPTY }],
  // Who the caller is and what it may do (shapes-access.ts).
  ["GET /api/2.0/preview/scim/v2/Me", { response: access.scimUser }],
  ["GET /api/2.0/sql/warehouses/{id}", { response: access.getWarehouseResponse }],
  ["GET /api/2.0/permissions/warehouses/{id}", { response: access.warehousePermissions }],
  [
    "GET /api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}",
    { response: access.effectivePermissionsList },
  ],
  ["GET /api/2.1/unity-catalog/tables", { response: access.listTablesResponse }],
  ["GET /api/2.1/unity-catalog/models", { response: access.listRegisteredModelsResponse }],
]);

/** Routes whose answers are not Databricks SDK messages, so they have no shape. */
export const unshapedRoutes: ReadonlyMap<string, string> = new Map([
  ["GET /.well-known/databricks-config", "discovery document, not an SDK message"],
  ["GET /oidc/.well-known/oauth-authorization-server", "RFC 8414 metadata"],
  ["POST /oidc/v1/token", "RFC 6749 token response (form-encoded request)"],
]);

/**
 * A request body checked against its message: unknown fields are refused (400 naming them all)
 * or dropped, as `strictness.unknownFields` says. UNCONFIRMED which one a workspace does.
 */
export function shapeRequestBody(body: unknown, shape: Message, strictness: Strictness): unknown {
  const unknown = unknownFields(body, shape);
  if (unknown.length === 0) return body;
  if (strictness.unknownFields === "reject") {
    throw invalidParameter(
      `Unknown field(s) in the request body (not in ${shape.source}): ${unknown.join(", ")}`,
    );
  }
  return keepKnown(body, shape);
}

/** An answer cut to its message; `stray` gets the paths that were cut (a bug in the fake). */
export function shapeResponseBody(
  body: unknown,
  shape: Message,
  stray: (paths: string[]) => void,
): unknown {
  const unknown = unknownFields(body, shape);
  if (unknown.length === 0) return body;
  stray(unknown);
  return keepKnown(body, shape);
}
