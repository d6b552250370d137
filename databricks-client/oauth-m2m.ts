/** GET a JSON document, or POST a form with HTTP Basic client authentication. */
export type OAuthHttp = (
  method: "GET" | "POST",
  url: URL,
  options?: { form?: Record<string, string>; basicAuth?: string },
) => Promise<unknown>;

export interface AccessToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * OAuth M2M (client credentials) for a workspace (docs/databricks-api.md, OAuth machine-to-machine): finds the token endpoint
 * through `/oidc/.well-known/oauth-authorization-server` (falling back to
 * `/.well-known/databricks-config`), asks for a token with HTTP Basic, and keeps it until
 * shortly before it expires: 10% of its lifetime, at most one minute. Concurrent callers
 * share one token request.
 */
export class OAuthM2MTokenSource {
  private cached?: AccessToken & { refreshAt: number };
  private pending?: Promise<AccessToken>;
  private tokenEndpoint?: URL;

  constructor(
    private readonly host: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly http: OAuthHttp,
    private readonly clock: () => number = Date.now,
  ) {}

  accessToken(): Promise<AccessToken> {
    const cached = this.cached;
    if (cached !== undefined && this.clock() < cached.refreshAt) {
      return Promise.resolve({ token: cached.token, expiresAt: cached.expiresAt });
    }
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** The server refused this token (revoked, or expired early): the next call gets a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** The current token, if any: so error messages can be scrubbed of it. */
  currentToken(): string | undefined {
    return this.cached?.token;
  }

  private async requestToken(): Promise<AccessToken> {
    this.tokenEndpoint ??= await this.discoverTokenEndpoint();
    const credentials = `${encodeURIComponent(this.clientId)}:${encodeURIComponent(this.clientSecret)}`;
    const requestedAt = this.clock();
    const answer = (await this.http("POST", this.tokenEndpoint, {
      form: { grant_type: "client_credentials", scope: "all-apis" },
      basicAuth: `Basic ${Buffer.from(credentials).toString("base64")}`,
    })) as { access_token?: unknown; expires_in?: unknown };
    if (typeof answer.access_token !== "string" || answer.access_token === "") {
      throw new Error(
        `The OAuth token endpoint ${this.tokenEndpoint.href} answered without an access_token`,
      );
    }
    const lifetimeMs = Number(answer.expires_in ?? 3600) * 1000;
    const expiresAt = requestedAt + lifetimeMs;
    this.cached = {
      token: answer.access_token,
      expiresAt,
      refreshAt: expiresAt - Math.min(60_000, lifetimeMs / 10),
    };
    return { token: answer.access_token, expiresAt };
  }

  private async discoverTokenEndpoint(): Promise<URL> {
    let metadata: unknown;
    try {
      metadata = await this.http(
        "GET",
        new URL("/oidc/.well-known/oauth-authorization-server", this.host),
      );
    } catch (error) {
      // Only an HTTP answer (say 404 on a newer host) sends us to the other document; a
      // connection failure has been retried already and would fail there too.
      if ((error as { name?: string }).name !== "DatabricksApiError") throw error;
      const config = (await this.http(
        "GET",
        new URL("/.well-known/databricks-config", this.host),
      )) as {
        oidc_endpoint?: unknown;
      };
      if (typeof config.oidc_endpoint !== "string") throw error;
      const base = config.oidc_endpoint.replace(/\/+$/, "");
      metadata = await this.http("GET", new URL(`${base}/.well-known/oauth-authorization-server`));
    }
    const endpoint = (metadata as { token_endpoint?: unknown }).token_endpoint;
    if (typeof endpoint !== "string" || !endpoint.startsWith("https://")) {
      throw new Error(`The OAuth discovery document of ${this.host} has no https token_endpoint`);
    }
    return new URL(endpoint);
  }
}
