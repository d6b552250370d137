import { registerAlertRoutes } from "./alerts";
import { registerIdentityRoutes } from "./identities";
import { registerNotificationDestinationRoutes } from "./notification-destinations";
import { registerOAuthRoutes } from "./oauth";
import { registerQualityMonitorRoutes } from "./quality-monitors";
import { registerRegisteredModelRoutes } from "./registered-models";
import { Router } from "./router";
import { registerServingEndpointRoutes } from "./serving-endpoints";
import type { WorkspaceState } from "./state";
import { registerTableRoutes } from "./tables";
import type { Timing } from "./timing";
import { registerGrantRoutes } from "./uc-grants";
import { registerListRoutes } from "./uc-lists";
import { registerNamespaceRoutes } from "./uc-namespaces";
import { registerWarehouseRoutes } from "./warehouses";

/** Every REST route the fake serves. */
export function buildRouter(state: WorkspaceState, timing: Timing, workspaceId: string): Router {
  const router = new Router();
  registerOAuthRoutes(router, state.access, timing, workspaceId);
  registerServingEndpointRoutes(router, state.endpoints);
  registerTableRoutes(router, state.tables);
  registerNamespaceRoutes(router, state.catalogs, state.schemas);
  registerRegisteredModelRoutes(router, state.models);
  registerQualityMonitorRoutes(router, state.monitors);
  registerAlertRoutes(router, state.alerts);
  registerNotificationDestinationRoutes(router, state.destinations);
  registerIdentityRoutes(router, state.identities);
  registerWarehouseRoutes(router, state.warehouses);
  registerGrantRoutes(router, state.grants);
  registerListRoutes(router, state.listing);
  return router;
}
