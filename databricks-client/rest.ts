import { DeadlineExceededError } from "./errors";
import { HttpsTransport, type HttpAnswer } from "./https-transport";
import { OAuthM2MTokenSource } from "./oauth-m2m";
import { processRegistry } from "./process-registry";
import { apiError, connectionError, verdictOf, type FailureContext } from "./rest-failures";
import { type FailureVerdict, withRetries } from "./retry";
import type { ConnectionSettings } from "./connection-settings";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string>;
  /**
   * Whether sending it twice does no harm (default: every method but POST). A request that is
   * not idempotent is not resent after the connection broke once it was sent: the caller has
   * to look whether it was applied (DatabricksConnectionError.maybeApplied).
   */
  idempotent?: boolean;
}

/** What a client bound to a deadline shares with the client it came from. */
interface SharedParts {
  transport: HttpsTransport;
  oauth?: OAuthM2MTokenSource;
}

interface CallInit {
  body?: string;
  contentType?: string;
  authorize: boolean;
  idempotent: boolean;
  basicAuth?: string;
}

/**
 * The Databricks REST API over HTTPS: authentication (PAT or OAuth M2M), JSON in and out,
 * retries on 429/503 (honouring Retry-After), on 502/504 and broken connections for
 * idempotent requests, within the settings' retry budget; every other 4xx fails at once as
 * a DatabricksApiError. Integers beyond 2^53 (refresh ids) arrive as strings.
 *
 * Calls are independent: one failing (reset, timeout, refused) never fails another in flight;
 * only the OAuth token request is shared, and it is retried like any call.
 */
export class RestClient {
  private readonly transport: HttpsTransport;
  private readonly oauth?: OAuthM2MTokenSource;

  constructor(
    private readonly settings: ConnectionSettings,
    shared?: SharedParts,
    /** Epoch ms: no request of this client runs or waits past it (see withDeadline). */
    private readonly deadline = Infinity,
  ) {
    this.transport = shared?.transport ?? new HttpsTransport(settings.caCert);
    const auth = settings.auth;
    if (shared !== undefined) {
      if (shared.oauth !== undefined) this.oauth = shared.oauth;
    } else if (auth.kind === "oauth-m2m") {
      this.oauth = new OAuthM2MTokenSource(
        settings.host,
        auth.clientId,
        auth.clientSecret,
        (method, url, options) => {
          const form = options?.form;
          return this.call(method, url, {
            authorize: false,
            idempotent: true,
            ...(form === undefined
              ? {}
              : {
                  body: new URLSearchParams(form).toString(),
                  contentType: "application/x-www-form-urlencoded",
                }),
            ...(options?.basicAuth === undefined ? {} : { basicAuth: options.basicAuth }),
          });
        },
      );
    }
  }

  request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    if (!path.startsWith("/")) throw new Error(`API paths start with "/": ${path}`);
    const url = new URL(path, this.settings.host);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, value);
    return this.call<T>(method, url, {
      authorize: true,
      idempotent: options.idempotent ?? method !== "POST",
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  get<T>(path: string, query?: Record<string, string>): Promise<T> {
    return this.request<T>("GET", path, query === undefined ? {} : { query });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }

  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("PUT", path, { ...options, body });
  }

  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, "body"> = {}): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }

  delete<T>(path: string, query?: Record<string, string>): Promise<T> {
    return this.request<T>("DELETE", path, query === undefined ? {} : { query });
  }

  /** The bearer token this client sends, for another client of the same workspace (SQL). */
  async bearerToken(): Promise<{ token: string; expiresAt?: number }> {
    if (this.settings.auth.kind === "pat") return { token: this.settings.auth.token };
    return (this.oauth as OAuthM2MTokenSource).accessToken();
  }

  /**
   * The same client (connections, OAuth token) for a wait that must end by `deadline` (epoch
   * ms): each request's timeout is cut to the time left, no Retry-After or backoff sleep runs
   * past it, and a call that runs out of time throws DeadlineExceededError with the last
   * failure. Close only the client it came from.
   */
  withDeadline(deadline: number): RestClient {
    return new RestClient(
      this.settings,
      { transport: this.transport, ...(this.oauth === undefined ? {} : { oauth: this.oauth }) },
      Math.min(deadline, this.deadline),
    );
  }

  /** Releases pooled connections. */
  close(): void {
    this.transport.close();
  }

  /**
   * Runs a caller's own retry loop (a call that is not idempotent, where the caller decides
   * what to look at before asking again) under this client's retry policy and deadline, so it
   * gives up when every other call of the client would, not after a fixed count.
   */
  retrying<T>(attempt: () => Promise<T>, verdict: (error: unknown) => FailureVerdict): Promise<T> {
    return withRetries(this.settings.retry, () => attempt(), verdict, { deadline: this.deadline });
  }

  private call<T>(method: HttpMethod, url: URL, init: CallInit): Promise<T> {
    return withRetries(
      this.settings.retry,
      async (_attempt, timeLeftMs) => {
        const timeoutMs = Math.min(this.settings.requestTimeoutMs, timeLeftMs);
        if (timeoutMs <= 0) {
          throw new DeadlineExceededError(
            new Error(`${method} ${url.pathname}: not sent`),
            "the deadline had passed",
          );
        }
        let bearer = init.authorize ? await this.authorization() : undefined;
        let answer = await this.exchange(method, url, init, bearer, timeoutMs);
        if (answer.status === 401 && bearer !== undefined && this.oauth !== undefined) {
          // An OAuth token can be revoked or expire early: get a new one, once.
          this.oauth.invalidate(bearer);
          bearer = await this.authorization();
          answer = await this.exchange(method, url, init, bearer, timeoutMs);
        }
        if (answer.status >= 200 && answer.status < 300) return parseJson<T>(answer.body);
        throw apiError(method, url.pathname, answer, init.idempotent, this.context());
      },
      verdictOf,
      { deadline: this.deadline },
    );
  }

  private async exchange(
    method: HttpMethod,
    url: URL,
    init: CallInit,
    bearer: string | undefined,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": `model-monitoring-databricks-client/0.1 node/${process.versions.node}`,
    };
    if (bearer !== undefined) headers.Authorization = `Bearer ${bearer}`;
    if (init.basicAuth !== undefined) headers.Authorization = init.basicAuth;
    if (init.body !== undefined) headers["Content-Type"] = init.contentType ?? "application/json";
    try {
      return await this.transport.send({
        method,
        url,
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
        timeoutMs,
        // A pooled socket the server already closed fails after sending: never risk that with
        // a request that must not be sent twice.
        keepAlive: init.idempotent,
      });
    } catch (error) {
      throw connectionError(method, url.pathname, error, init.idempotent, this.context());
    }
  }

  private async authorization(): Promise<string> {
    return (await this.bearerToken()).token;
  }

  /** What a failure's message may mention: never a secret this client knows. */
  private context(): FailureContext {
    return { secrets: this.secrets(), sources: this.settings.sources };
  }

  private secrets(): string[] {
    const auth = this.settings.auth;
    const known = auth.kind === "pat" ? [auth.token] : [auth.clientSecret];
    const current = this.oauth?.currentToken();
    return current === undefined ? known : [...known, current];
  }
}

/** JSON, with integers beyond 2^53 kept exact as strings (refresh ids are int64). */
export function parseJson<T>(text: string): T {
  if (text.trim() === "") return {} as T;
  const exact = text.replace(/"(?:[^"\\]|\\.)*"|(?<![\w.+-])-?\d{16,}(?![\w.])/g, (token) =>
    token.startsWith('"') || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
  );
  return JSON.parse(exact) as T;
}

/**
 * One client per connection settings in this process, so an OAuth token and pooled connections
 * are shared by every resource of a provider (a process registry: never captured by a
 * serialized provider).
 */
export function sharedRestClient(settings: ConnectionSettings): RestClient {
  const clients = sharedClients();
  const key = settingsIdentity(settings);
  let client = clients.get(key);
  if (client === undefined) {
    client = new RestClient(settings);
    clients.set(key, client);
  }
  return client;
}

/** Closes and forgets the shared clients (tests). */
export function closeSharedRestClients(): void {
  const clients = sharedClients();
  for (const client of clients.values()) client.close();
  clients.clear();
}

/** A digest of everything that makes two settings reach the same workspace the same way. */
export function settingsIdentity(settings: ConnectionSettings): string {
  const crypto = require("node:crypto") as typeof import("node:crypto");
  const { sources: _sources, ...identity } = settings;
  return crypto.createHash("sha256").update(JSON.stringify(identity)).digest("hex");
}

function sharedClients(): Map<string, RestClient> {
  return processRegistry("databricks-rest-clients", () => new Map<string, RestClient>());
}
