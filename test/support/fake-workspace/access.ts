import { permissionDenied } from "./errors";
import { matchPath, methodMatches, type PathPattern } from "./route-pattern";
import type { IdGenerator } from "./ids";
import type { Timeline } from "./timeline";

/** Who is calling: a user (personal access token) or a service principal (OAuth M2M). */
export interface Principal {
  name: string;
  kind: "user" | "service_principal";
}

/** Refuse matching requests with 403 PERMISSION_DENIED. Absent fields match anything. */
export interface DenyRule {
  principal?: string;
  method?: string;
  path?: PathPattern;
}

interface IssuedToken {
  principal: Principal;
  expiresAt: number;
}

/**
 * Credentials the fake accepts and the permission rules tests set. Personal access tokens and
 * OAuth access tokens are both sent as `Authorization: Bearer <token>`.
 */
export class AccessControl {
  private readonly personalTokens = new Map<string, Principal>();
  private readonly oauthClients = new Map<string, { secret: string; principal: Principal }>();
  private readonly issuedTokens = new Map<string, IssuedToken>();
  private denyRules: DenyRule[] = [];

  constructor(
    private readonly timeline: Timeline,
    private readonly ids: IdGenerator,
    /** The workspace's main user: owner of seeded objects unless a seed says otherwise. */
    readonly owner: Principal,
  ) {}

  /** Accept `token` as a PAT of the user `userName` (default: the workspace's main user). */
  addPersonalAccessToken(token: string, userName = this.owner.name): Principal {
    const principal: Principal = { name: userName, kind: "user" };
    this.personalTokens.set(token, principal);
    return principal;
  }

  /** Accept these OAuth M2M client credentials; the service principal is named by client id. */
  addOAuthClient(clientId: string, clientSecret: string): Principal {
    const principal: Principal = { name: clientId, kind: "service_principal" };
    this.oauthClients.set(clientId, { secret: clientSecret, principal });
    return principal;
  }

  /** Undefined when the client is unknown or the secret wrong. */
  verifyClient(clientId: string, clientSecret: string): Principal | undefined {
    const client = this.oauthClients.get(clientId);
    return client !== undefined && client.secret === clientSecret ? client.principal : undefined;
  }

  issueAccessToken(principal: Principal, lifetimeSeconds: number): string {
    const token = `fake-oauth-${this.ids.hex(40)}`;
    this.issuedTokens.set(token, {
      principal,
      expiresAt: this.timeline.now() + lifetimeSeconds * 1000,
    });
    return token;
  }

  /** The principal behind `Authorization: Bearer <token>`, or undefined. */
  authenticate(authorization: string | undefined): Principal | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    const token = match?.[1];
    if (token === undefined) return undefined;
    const pat = this.personalTokens.get(token);
    if (pat !== undefined) return pat;
    const issued = this.issuedTokens.get(token);
    if (issued === undefined || issued.expiresAt <= this.timeline.now()) return undefined;
    return issued.principal;
  }

  deny(rule: DenyRule): void {
    this.denyRules.push({ ...rule });
  }

  clearDenials(): void {
    this.denyRules = [];
  }

  /** Throws 403 PERMISSION_DENIED when a deny rule matches. */
  authorize(principal: Principal, method: string, path: string): void {
    const denied = this.denyRules.some(
      (rule) =>
        (rule.principal === undefined || rule.principal === principal.name) &&
        methodMatches(rule.method, method) &&
        (rule.path === undefined || matchPath(rule.path, path) !== undefined),
    );
    if (denied) {
      throw permissionDenied(
        `User ${principal.name} does not have permission to ${method} ${path}`,
      );
    }
  }
}
