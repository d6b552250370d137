import type { Principal } from "./access";
import { notFound, permissionDenied } from "./errors";
import type { IdentityStore } from "./identities";
import type { Router } from "./router";
import type { Strictness } from "./strictness";

/**
 * SQL warehouses as `WarehousesAPI.get` and `WarehousesAPI.get_permissions` answer them
 * (databricks-sdk-py sql.py: GET /api/2.0/sql/warehouses/{id} -> GetWarehouseResponse,
 * GET /api/2.0/permissions/warehouses/{id} -> WarehousePermissions). Tests seed them; the fake
 * never starts or stops one by itself (the local SQL warehouse runs statements whatever the
 * state says).
 *
 * Access: the creator holds IS_OWNER, workspace admins CAN_MANAGE (inherited from the
 * warehouses' root object, as the permissions UI shows it); tests grant more. UNCONFIRMED who
 * may read the permissions: `strictness.warehousePermissionsReadableBy`.
 */

export type WarehouseState =
  "DELETED" | "DELETING" | "RUNNING" | "STARTING" | "STOPPED" | "STOPPING";
export type WarehousePermissionLevel =
  "CAN_MANAGE" | "CAN_MONITOR" | "CAN_USE" | "CAN_VIEW" | "IS_OWNER";

export interface WarehouseGrant {
  principal: string;
  kind: "user" | "group" | "service_principal";
  level: WarehousePermissionLevel;
}

export interface WarehouseSeed {
  id: string;
  name?: string;
  /** Default RUNNING. */
  state?: WarehouseState;
  /** Default the workspace's main user. */
  creator?: string;
  /** More entries of the warehouse's access control list. */
  grants?: readonly WarehouseGrant[];
}

interface Warehouse {
  id: string;
  name: string;
  state: WarehouseState;
  creator: string;
  grants: WarehouseGrant[];
}

/** Levels that let a principal run statements (CAN_VIEW and CAN_MONITOR do not). */
const USE_LEVELS: readonly WarehousePermissionLevel[] = ["CAN_USE", "CAN_MANAGE", "IS_OWNER"];
const MANAGE_LEVELS: readonly WarehousePermissionLevel[] = ["CAN_MANAGE", "IS_OWNER"];
const ROOT_OBJECT = "/sql/warehouses/";

export class WarehouseStore {
  private readonly warehouses = new Map<string, Warehouse>();

  constructor(
    private readonly owner: Principal,
    private readonly identities: IdentityStore,
    private readonly strictness: Strictness,
  ) {}

  seed(seed: WarehouseSeed): void {
    this.warehouses.set(seed.id, {
      id: seed.id,
      name: seed.name ?? `Warehouse ${seed.id}`,
      state: seed.state ?? "RUNNING",
      creator: seed.creator ?? this.owner.name,
      grants: [...(seed.grants ?? [])],
    });
  }

  has(id: string): boolean {
    return this.warehouses.has(id);
  }

  setState(id: string, state: WarehouseState): void {
    this.require(id).state = state;
  }

  grant(id: string, grant: WarehouseGrant): void {
    this.require(id).grants.push(grant);
  }

  revokeAll(id: string, principal: string): void {
    const warehouse = this.require(id);
    warehouse.grants = warehouse.grants.filter((g) => g.principal !== principal);
  }

  /** `GetWarehouseResponse`; 404 when there is no such warehouse. */
  get(id: string): Record<string, unknown> {
    const warehouse = this.require(id);
    return {
      id: warehouse.id,
      name: warehouse.name,
      state: warehouse.state,
      creator_name: warehouse.creator,
      cluster_size: "2X-Small",
      min_num_clusters: 1,
      max_num_clusters: 1,
      auto_stop_mins: 10,
      enable_serverless_compute: true,
      warehouse_type: "PRO",
      num_clusters: warehouse.state === "RUNNING" ? 1 : 0,
      num_active_sessions: 0,
      health: { status: warehouse.state === "RUNNING" ? "HEALTHY" : "DEGRADED" },
      odbc_params: {
        hostname: "fake-workspace.invalid",
        path: `/sql/1.0/warehouses/${warehouse.id}`,
        port: 443,
        protocol: "https",
      },
    };
  }

  /** Whether `principal` may run statements on the warehouse. */
  mayUse(id: string, principal: Principal): boolean {
    return this.levelsOf(this.require(id), principal).some((l) => USE_LEVELS.includes(l));
  }

  /** `WarehousePermissions`, for a caller allowed to read them (403 otherwise). */
  permissions(id: string, caller: Principal): Record<string, unknown> {
    const warehouse = this.require(id);
    const levels = this.levelsOf(warehouse, caller);
    const readable =
      this.strictness.warehousePermissionsReadableBy === "users"
        ? levels.length > 0
        : levels.some((level) => MANAGE_LEVELS.includes(level));
    if (!readable) {
      throw permissionDenied(
        `User ${caller.name} does not have permission to read the permissions of warehouse ${id}`,
      );
    }
    const entry = (grant: WarehouseGrant, inherited: boolean) => ({
      ...(grant.kind === "user"
        ? { user_name: grant.principal, display_name: grant.principal }
        : grant.kind === "group"
          ? { group_name: grant.principal, display_name: grant.principal }
          : { service_principal_name: grant.principal, display_name: grant.principal }),
      all_permissions: [
        {
          permission_level: grant.level,
          inherited,
          ...(inherited ? { inherited_from_object: [ROOT_OBJECT] } : {}),
        },
      ],
    });
    const creator = this.kindOf(warehouse.creator);
    return {
      object_id: `/sql/warehouses/${warehouse.id}`,
      object_type: "warehouses",
      access_control_list: [
        entry({ principal: warehouse.creator, kind: creator, level: "IS_OWNER" }, false),
        entry({ principal: "admins", kind: "group", level: "CAN_MANAGE" }, true),
        ...warehouse.grants.map((grant) => entry(grant, false)),
      ],
    };
  }

  private levelsOf(warehouse: Warehouse, principal: Principal): WarehousePermissionLevel[] {
    const groups = this.identities.allGroupsOf(principal.name);
    const levels: WarehousePermissionLevel[] = [];
    if (warehouse.creator === principal.name) levels.push("IS_OWNER");
    if (this.identities.isAdmin(principal.name)) levels.push("CAN_MANAGE");
    for (const grant of warehouse.grants) {
      const matches =
        grant.kind === "group"
          ? groups.includes(grant.principal)
          : grant.principal === principal.name;
      if (matches) levels.push(grant.level);
    }
    return levels;
  }

  /** A service principal is named by its application id (a UUID). */
  private kindOf(name: string): "user" | "service_principal" {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(name)
      ? "service_principal"
      : "user";
  }

  private require(id: string): Warehouse {
    const warehouse = this.warehouses.get(id);
    if (warehouse === undefined) {
      throw notFound(`SQL warehouse ${id} does not exist.`);
    }
    return warehouse;
  }
}

/** GET a warehouse and its permissions (the SDK's paths). */
export function registerWarehouseRoutes(router: Router, warehouses: WarehouseStore): void {
  router.add("GET", "/api/2.0/sql/warehouses/{id}", ({ params }) =>
    warehouses.get(params.id ?? ""),
  );
  router.add("GET", "/api/2.0/permissions/warehouses/{id}", ({ params, principal }) =>
    warehouses.permissions(params.id ?? "", principal),
  );
}
