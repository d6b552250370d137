import type { Principal } from "./access";
import type { IdGenerator } from "./ids";
import type { Router } from "./router";
import type { Strictness } from "./strictness";

/**
 * Who a caller is, as the SCIM API tells it (`CurrentUserAPI.me` of the SDKs:
 * GET /api/2.0/preview/scim/v2/Me answering `User`), and which groups each principal belongs
 * to. Group membership also decides warehouse access (warehouses.ts) and Unity Catalog
 * privileges held through a group (uc-grants.ts).
 *
 * A service principal answers as a user whose `userName` is its application id (the client id),
 * without e-mail addresses: the Terraform provider's `databricks_current_user` tells the two
 * apart by whether `userName` is a UUID (scim/data_current_user.go). UNCONFIRMED whether a
 * service principal's answer carries `emails`; the fake leaves them out.
 */

export interface IdentitySeed {
  /** The principal's name: a user's e-mail, a service principal's application id. */
  name: string;
  displayName?: string;
  /** Group display names; "admins" makes the principal a workspace admin. */
  groups?: readonly string[];
}

/** The workspace admins' group (its members may manage every warehouse). */
export const ADMINS_GROUP = "admins";

interface Identity {
  id: string;
  displayName?: string;
  groups: Set<string>;
}

export class IdentityStore {
  private readonly identities = new Map<string, Identity>();
  private readonly groupIds = new Map<string, string>();

  constructor(
    private readonly ids: IdGenerator,
    private readonly strictness: Pick<Strictness, "scimMeGroups">,
  ) {}

  /** Sets a principal's display name and adds it to groups (kept on a second seed). */
  seed(seed: IdentitySeed): void {
    const identity = this.identity(seed.name);
    if (seed.displayName !== undefined) identity.displayName = seed.displayName;
    for (const group of seed.groups ?? []) identity.groups.add(group);
  }

  addToGroup(name: string, group: string): void {
    this.identity(name).groups.add(group);
  }

  removeFromGroup(name: string, group: string): void {
    this.identity(name).groups.delete(group);
  }

  /**
   * Makes group `group` a member of group `parent` (a nested group). Whether SCIM Me lists a
   * caller's nested groups is UNCONFIRMED (README, preflight): strictness.scimMeGroups plays
   * either side. Access held through a parent group counts everywhere it is decided
   * (warehouses, Unity Catalog).
   */
  nestGroup(group: string, parent: string): void {
    this.identity(group).groups.add(parent);
  }

  /** The groups `name` belongs to directly, sorted: what SCIM Me lists. */
  groupsOf(name: string): string[] {
    return [...(this.identities.get(name)?.groups ?? [])].sort();
  }

  /** Every group `name` belongs to, directly or through nested groups, sorted. */
  allGroupsOf(name: string): string[] {
    const found = new Set<string>();
    const pending = this.groupsOf(name);
    while (pending.length > 0) {
      const group = pending.pop() as string;
      if (found.has(group)) continue;
      found.add(group);
      pending.push(...this.groupsOf(group));
    }
    return [...found].sort();
  }

  /** The principals that belong to `group`, sorted. */
  membersOf(group: string): string[] {
    return [...this.identities]
      .filter(([, identity]) => identity.groups.has(group))
      .map(([name]) => name)
      .sort();
  }

  isAdmin(name: string): boolean {
    return this.allGroupsOf(name).includes(ADMINS_GROUP);
  }

  /** The SCIM `User` the caller `principal` is. */
  me(principal: Principal): Record<string, unknown> {
    const identity = this.identity(principal.name);
    const isUser = principal.kind === "user";
    return {
      id: identity.id,
      userName: principal.name,
      displayName:
        identity.displayName ?? (isUser ? principal.name.split("@")[0] : "fake service principal"),
      active: true,
      ...(isUser ? { emails: [{ value: principal.name, primary: true, type: "work" }] } : {}),
      groups: this.meGroups(principal.name),
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    };
  }

  /** SCIM Me's `groups`: direct ones, and with `scimMeGroups: "transitive"` nested ones too. */
  private meGroups(name: string): Record<string, string>[] {
    const direct = this.groupsOf(name);
    const listed = this.strictness.scimMeGroups === "transitive" ? this.allGroupsOf(name) : direct;
    return listed.map((group) => ({
      display: group,
      value: this.groupId(group),
      $ref: `Groups/${this.groupId(group)}`,
      type: direct.includes(group) ? "direct" : "indirect",
    }));
  }

  private identity(name: string): Identity {
    let identity = this.identities.get(name);
    if (identity === undefined) {
      identity = { id: this.ids.digits(16), groups: new Set() };
      this.identities.set(name, identity);
    }
    return identity;
  }

  private groupId(group: string): string {
    let id = this.groupIds.get(group);
    if (id === undefined) {
      id = this.ids.digits(16);
      this.groupIds.set(group, id);
    }
    return id;
  }
}

/** GET the caller (the path of `CurrentUserAPI.me` in databricks-sdk-py iam.py). */
export function registerIdentityRoutes(router: Router, identities: IdentityStore): void {
  router.add("GET", "/api/2.0/preview/scim/v2/Me", ({ principal }) => identities.me(principal));
}
