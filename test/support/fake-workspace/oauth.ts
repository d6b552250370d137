import type { AccessControl } from "./access";
import { Reply, type RequestContext, type Router } from "./router";
import type { Timing } from "./timing";

/**
 * OAuth M2M (docs/databricks-api.md, OAuth machine-to-machine): the token endpoint and both discovery documents. Token errors use
 * the OAuth 2.0 error body (`{error, error_description}`, RFC 6749 §5.2), not the Databricks error
 * model: ASSUMPTION, the reference does not show a failed token response.
 */
export function registerOAuthRoutes(
  router: Router,
  access: AccessControl,
  timing: Timing,
  workspaceId: string,
): void {
  router.addPublic("GET", "/.well-known/databricks-config", ({ baseUrl }) => ({
    oidc_endpoint: `${baseUrl}/oidc`,
    workspace_id: workspaceId,
  }));

  // Extra fields beyond token_endpoint/authorization_endpoint follow RFC 8414 (ASSUMPTION).
  router.addPublic("GET", "/oidc/.well-known/oauth-authorization-server", ({ baseUrl }) => ({
    issuer: `${baseUrl}/oidc`,
    authorization_endpoint: `${baseUrl}/oidc/v1/authorize`,
    token_endpoint: `${baseUrl}/oidc/v1/token`,
    grant_types_supported: ["client_credentials", "authorization_code", "refresh_token"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    scopes_supported: ["all-apis", "sql", "offline_access"],
  }));

  router.addPublic("POST", "/oidc/v1/token", (ctx) => issueToken(ctx, access, timing));
}

function issueToken(ctx: RequestContext, access: AccessControl, timing: Timing): unknown {
  const form = new URLSearchParams(ctx.rawBody);
  const credentials = clientCredentials(ctx.headers.authorization, form);
  if (credentials === undefined) {
    return oauthError(401, "invalid_client", "Client authentication is required", {
      "WWW-Authenticate": "Basic",
    });
  }
  const principal = access.verifyClient(credentials.id, credentials.secret);
  if (principal === undefined) {
    return oauthError(401, "invalid_client", "Client authentication failed", {
      "WWW-Authenticate": "Basic",
    });
  }
  const grantType = form.get("grant_type");
  if (grantType === null) return oauthError(400, "invalid_request", "grant_type is required");
  if (grantType !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", `Unsupported grant_type '${grantType}'`);
  }
  // ASSUMPTION: any scope is granted; SDKs ask for "all-apis".
  const scope = form.get("scope") ?? "all-apis";
  return {
    access_token: access.issueAccessToken(principal, timing.accessTokenLifetimeSeconds),
    token_type: "Bearer",
    expires_in: timing.accessTokenLifetimeSeconds,
    scope,
  };
}

/**
 * HTTP Basic (client_secret_basic: form-urlencoded id and secret, RFC 6749 §2.3.1) or, as a
 * fallback, `client_id`/`client_secret` in the form (client_secret_post).
 */
function clientCredentials(
  authorization: string | undefined,
  form: URLSearchParams,
): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const unescape = (part: string): string => {
      try {
        return decodeURIComponent(part.replace(/\+/g, " "));
      } catch {
        return part;
      }
    };
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  }
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id !== null && secret !== null ? { id, secret } : undefined;
}

function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): Reply {
  return new Reply(status, { error, error_description: description }, headers);
}
