import { parseTableName } from "../../../core/names";
import {
  catalogState,
  registeredModelState,
  schemaState,
  tableState,
  type PrivilegeAssignment,
  type WorkspaceFacts,
} from "./facts";
import type { Identity } from "./read-identity";
import { securableKey, type Privilege, type Securable } from "./required-privileges";

/**
 * Whether the identity holds a privilege on a securable: as the owner (of it, its schema or its
 * catalog; itself or through a group), or through effective permissions granted to it or one of
 * its groups. Both facts come from Unity Catalog (owners from the objects' info, grants from the
 * effective-permissions API). The rules and their uncertainties: required-privileges.ts.
 */

/** The principals whose grants and ownership count for the identity. */
export function principalsOf(identity: Identity): string[] {
  return [identity.userName, ...identity.groups];
}

/** The securable and the containers above it, innermost first. */
export function chainOf(securable: Securable): Securable[] {
  const [catalog = "", schema = ""] = securable.fullName.split(".");
  const chain: Securable[] = [securable];
  if (securable.type === "table" || securable.type === "function") {
    chain.push({ type: "schema", fullName: `${catalog}.${schema}` });
  }
  if (securable.type !== "catalog") chain.push({ type: "catalog", fullName: catalog });
  return chain;
}

/** Whether the securable exists: "yes", "no", or why that is not known. */
export function existence(facts: WorkspaceFacts, securable: Securable): "yes" | "no" | string {
  const state =
    securable.type === "catalog"
      ? catalogState(facts, securable.fullName)
      : securable.type === "schema"
        ? schemaState(facts, securable.fullName)
        : securable.type === "table"
          ? tableState(facts, parseTableName(securable.fullName))
          : registeredModelState(facts, parseTableName(securable.fullName));
  if (state.kind === "found" || state.kind === "invisible") return "yes";
  if (state.kind === "missing") return "no";
  return state.message;
}

function ownerOf(facts: WorkspaceFacts, securable: Securable): string | undefined {
  if (securable.type === "catalog") {
    const state = catalogState(facts, securable.fullName);
    return state.kind === "found" ? state.object.owner : undefined;
  }
  if (securable.type === "schema") {
    const state = schemaState(facts, securable.fullName);
    return state.kind === "found" ? state.object.owner : undefined;
  }
  if (securable.type === "table") {
    const state = tableState(facts, parseTableName(securable.fullName));
    return state.kind === "found" ? state.table.owner : undefined;
  }
  const state = registeredModelState(facts, parseTableName(securable.fullName));
  return state.kind === "found" ? state.object.owner : undefined;
}

/** "owner of schema ml_dev.inference (as group data-eng)", or undefined when not an owner. */
export function ownership(
  facts: WorkspaceFacts,
  securable: Securable,
  identity: Identity,
): string | undefined {
  const principals = principalsOf(identity);
  for (const link of chainOf(securable)) {
    const owner = ownerOf(facts, link);
    if (owner === undefined || !principals.includes(owner)) continue;
    const via = owner === identity.userName ? "" : ` (as group ${owner})`;
    return `owner of ${describeSecurable(link)}${via}`;
  }
  return undefined;
}

/** Privilege -> who holds it ("itself" or "group x"), from one effective-permissions answer. */
export function heldPrivileges(
  assignments: readonly PrivilegeAssignment[],
  identity: Identity,
): Map<string, string> {
  const principals = principalsOf(identity);
  const held = new Map<string, string>();
  for (const assignment of assignments) {
    const principal = assignment.principal ?? "";
    if (!principals.includes(principal)) continue;
    const who = principal === identity.userName ? "itself" : `group ${principal}`;
    for (const p of assignment.privileges ?? []) {
      if (p.privilege !== undefined && !held.has(p.privilege)) held.set(p.privilege, who);
    }
  }
  return held;
}

/** The needed privileges `held` lacks; ALL_PRIVILEGES covers all but MANAGE (UNCONFIRMED). */
export function lacking(
  needed: readonly Privilege[],
  held: ReadonlyMap<string, string>,
): Privilege[] {
  const all = held.has("ALL_PRIVILEGES");
  return needed.filter((p) => !held.has(p) && !(all && p !== "MANAGE"));
}

/**
 * The privileges held on a table or model through its schema's effective permissions (which
 * include the catalog's): what is granted on a schema applies to everything in it.
 */
export function heldThroughSchema(
  facts: WorkspaceFacts,
  securable: Securable,
  identity: Identity,
): Map<string, string> {
  const schema = chainOf(securable).find((s) => s.type === "schema");
  if (schema === undefined || schema === securable) return new Map();
  const lookup = facts.permissions.get(securableKey(schema));
  return lookup?.kind === "found" ? heldPrivileges(lookup.value, identity) : new Map();
}

/** "schema ml_dev.inference", "registered model ml.models.fraud". */
export function describeSecurable(securable: Securable): string {
  const kind = securable.type === "function" ? "registered model" : securable.type;
  return `${kind} ${securable.fullName}`;
}
