import { invalidParameter } from "./errors";
import type { IdentityStore } from "./identities";
import type { RegisteredModelStore } from "./registered-models";
import type { Router } from "./router";
import type { Strictness } from "./strictness";
import type { TableStore } from "./tables";
import type { CatalogStore, SchemaStore } from "./uc-namespaces";

/**
 * Unity Catalog privileges: grants tests make, and the effective permissions the Grants API
 * answers (`GrantsAPI.get_effective` of databricks-sdk-py catalog.py:
 * GET /api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}
 * -> EffectivePermissionsList). Securable types as the Terraform provider sends them, in lower
 * case: catalog, schema, table, and function for registered models
 * (catalog/permissions/permissions.go maps "model" to "function").
 *
 * Effective = granted on the securable or inherited from its schema and catalog (privilege model
 * 1.0), with `inherited_from_type` / `inherited_from_name` on inherited ones. Assumptions
 * (UNCONFIRMED): owners' implicit privileges are not listed (the answer shows grants only); a
 * principal's entry lists what its groups hold only with `strictness.effectivePermissionsGroups`
 * "expanded"; pages of `pageSize` assignments when `max_results` is 0 (the SDK recommends 0).
 */

export type SecurableType = "catalog" | "schema" | "table" | "function";

interface Securable {
  type: SecurableType;
  fullName: string;
}

interface Stores {
  catalogs: CatalogStore;
  schemas: SchemaStore;
  tables: TableStore;
  models: RegisteredModelStore;
  identities: IdentityStore;
  strictness: Strictness;
}

type Assignment = { principal: string; privileges: Array<Record<string, string>> };

export class UcGrantStore {
  /** "<type>:<full name>" -> principal -> privileges. */
  private readonly grants = new Map<string, Map<string, Set<string>>>();
  /** Assignments per page when the caller sends max_results=0 (a server-configured size). */
  pageSize = 50;

  constructor(private readonly stores: Stores) {}

  /** GRANT `privileges` ON <type> <fullName> TO `principal` (privileges as the API names them). */
  grant(
    type: SecurableType,
    fullName: string,
    principal: string,
    privileges: readonly string[],
  ): void {
    const key = keyOf({ type, fullName });
    const byPrincipal = this.grants.get(key) ?? new Map<string, Set<string>>();
    const held = byPrincipal.get(principal) ?? new Set<string>();
    for (const privilege of privileges) held.add(privilege.toUpperCase().replace(/ /g, "_"));
    byPrincipal.set(principal, held);
    this.grants.set(key, byPrincipal);
  }

  /** REVOKE ALL PRIVILEGES ON <type> <fullName> FROM `principal`. */
  revokeAll(type: SecurableType, fullName: string, principal: string): void {
    this.grants.get(keyOf({ type, fullName }))?.delete(principal);
  }

  /** Whether `principal` (or one of its groups) holds `privilege` on the securable or above it. */
  holds(principal: string, type: SecurableType, fullName: string, privilege: string): boolean {
    const names = [principal, ...this.stores.identities.allGroupsOf(principal)];
    return chainOf({ type, fullName }).some((securable) =>
      names.some((name) => {
        const held = this.grants.get(keyOf(securable))?.get(name);
        return held?.has(privilege) === true || held?.has("ALL_PRIVILEGES") === true;
      }),
    );
  }

  /** Whether `principal` (or one of its groups) owns the securable, its schema or its catalog. */
  owns(principal: string, type: SecurableType, fullName: string): boolean {
    const names = [principal, ...this.stores.identities.allGroupsOf(principal)];
    return chainOf({ type, fullName }).some((securable) =>
      names.includes(String(this.info(securable).owner)),
    );
  }

  /**
   * What ListTables / ListRegisteredModels show a caller (their documentation): owned objects,
   * and those it holds SELECT (tables) or EXECUTE (models) on with USE CATALOG and USE SCHEMA.
   */
  visible(principal: string, type: "table" | "function", fullName: string): boolean {
    if (this.owns(principal, type, fullName)) return true;
    const [catalog, schema] = fullName.toLowerCase().split(".");
    const use = (t: SecurableType, name: string, privilege: string) =>
      this.owns(principal, t, name) || this.holds(principal, t, name, privilege);
    return (
      this.holds(principal, type, fullName, type === "table" ? "SELECT" : "EXECUTE") &&
      use("catalog", catalog ?? "", "USE_CATALOG") &&
      use("schema", `${catalog}.${schema}`, "USE_SCHEMA")
    );
  }

  /** `EffectivePermissionsList` of one page; 404 when the securable does not exist. */
  effective(
    type: string,
    fullName: string,
    query: URLSearchParams,
  ): { privilege_assignments: Assignment[]; next_page_token?: string } {
    const securable = { type: readType(type), fullName: fullName.toLowerCase() };
    this.info(securable);
    const filter = query.get("principal");
    const expanded = this.stores.strictness.effectivePermissionsGroups === "expanded";
    const assignments = new Map<string, Map<string, Record<string, string>>>();
    const add = (principal: string, privilege: string, from: Securable) => {
      const list = assignments.get(principal) ?? new Map<string, Record<string, string>>();
      if (!list.has(privilege)) {
        list.set(
          privilege,
          from.type === securable.type && from.fullName === securable.fullName
            ? { privilege }
            : {
                privilege,
                inherited_from_type: from.type.toUpperCase(),
                inherited_from_name: from.fullName,
              },
        );
      }
      assignments.set(principal, list);
    };
    for (const from of chainOf(securable)) {
      for (const [principal, privileges] of this.grants.get(keyOf(from)) ?? []) {
        for (const privilege of privileges) add(principal, privilege, from);
      }
    }
    if (expanded) {
      for (const [principal] of [...assignments]) {
        for (const member of this.stores.identities.membersOf(principal)) {
          for (const privilege of assignments.get(principal)?.values() ?? []) {
            add(member, String(privilege.privilege), {
              type:
                (privilege.inherited_from_type?.toLowerCase() as SecurableType) ?? securable.type,
              fullName: privilege.inherited_from_name ?? securable.fullName,
            });
          }
        }
      }
    }
    const all: Assignment[] = [...assignments]
      .filter(([principal]) => filter === null || principal === filter)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([principal, privileges]) => ({ principal, privileges: [...privileges.values()] }));
    return page(all, query, this.pageSize);
  }

  private info(securable: Securable): Record<string, unknown> {
    const { catalogs, schemas, tables, models } = this.stores;
    switch (securable.type) {
      case "catalog":
        return catalogs.require(securable.fullName);
      case "schema":
        return schemas.require(securable.fullName);
      case "table":
        return tables.require(securable.fullName) as unknown as Record<string, unknown>;
      case "function":
        return models.get(securable.fullName);
    }
  }
}

function keyOf(securable: Securable): string {
  return `${securable.type}:${securable.fullName.toLowerCase()}`;
}

/** The securable and the containers it inherits from, innermost first. */
function chainOf(securable: Securable): Securable[] {
  const [catalog = "", schema = ""] = securable.fullName.toLowerCase().split(".");
  const chain: Securable[] = [{ type: securable.type, fullName: securable.fullName.toLowerCase() }];
  if (securable.type !== "catalog" && securable.type !== "schema") {
    chain.push({ type: "schema", fullName: `${catalog}.${schema}` });
  }
  if (securable.type !== "catalog") chain.push({ type: "catalog", fullName: catalog });
  return chain;
}

function readType(raw: string): SecurableType {
  const type = raw.toLowerCase();
  if (type === "catalog" || type === "schema" || type === "table" || type === "function") {
    return type;
  }
  throw invalidParameter(`Unsupported securable type '${raw}' in this fake`);
}

function page(
  all: Assignment[],
  query: URLSearchParams,
  serverPageSize: number,
): { privilege_assignments: Assignment[]; next_page_token?: string } {
  const raw = query.get("max_results");
  if (raw === null) return { privilege_assignments: all };
  const max = Number(raw);
  if (!Number.isInteger(max) || max < 0 || (max > 0 && max < 150)) {
    throw invalidParameter(`Invalid max_results ${raw}: 0, or 150 and more`);
  }
  const size = max === 0 ? serverPageSize : Math.min(max, serverPageSize);
  const offset = readOffset(query.get("page_token"));
  const items = all.slice(offset, offset + size);
  return offset + size < all.length
    ? { privilege_assignments: items, next_page_token: offsetToken(offset + size) }
    : { privilege_assignments: items };
}

export function offsetToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

export function readOffset(token: string | null): number {
  if (token === null || token === "") return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  if (match?.[1] === undefined) throw invalidParameter(`Invalid page_token: '${token}'`);
  return Number(match[1]);
}

/** GET effective permissions (the SDK's path). */
export function registerGrantRoutes(router: Router, grants: UcGrantStore): void {
  router.add(
    "GET",
    "/api/2.1/unity-catalog/effective-permissions/{securable_type}/{full_name}",
    ({ params, query }) =>
      grants.effective(params.securable_type ?? "", params.full_name ?? "", query),
  );
}
