import {
  DatabricksApiError,
  DatabricksConnectionError,
  DeadlineExceededError,
  describeNetworkCode,
  isDeadlineExceeded,
  parseErrorBody,
  scrub,
} from "./errors";
import { HttpsTransport, TransportFailure, type HttpAnswer } from "./https-transport";
import { OAuthM2MTokenSource } from "./oauth-m2m";
import { parseRetryAfter } from "./backoff";
import { withRetries, type FailureVerdict } from "./retry";
import type { ConnectionSettings } from "./settings";

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
 * Connection codes after which a resend may help. (Arrays, not Sets: a module-level Set does not
 * survive closure serialization.)
 */
const TRANSIENT_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "TIMEOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];
/** Failures that happen before anything reaches the server. */
const NOTHING_SENT_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];

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
        throw this.apiError(method, url.pathname, answer, init.idempotent);
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
      throw this.connectionError(method, url.pathname, error, init.idempotent);
    }
  }

  private async authorization(): Promise<string> {
    return (await this.bearerToken()).token;
  }

  private apiError(
    method: string,
    path: string,
    answer: HttpAnswer,
    idempotent: boolean,
  ): DatabricksApiError {
    const { errorCode, message } = parseErrorBody(answer.status, answer.body);
    const status = answer.status;
    const retryable =
      status === 429 || status === 503 || (idempotent && (status === 502 || status === 504));
    const retryAfterMs = retryable ? parseRetryAfter(answer.headers["retry-after"]) : undefined;
    let detail = scrub(message, this.secrets());
    if (status === 401) detail += ` (credentials from ${this.settings.sources.auth})`;
    return new DatabricksApiError({
      method,
      path,
      status,
      errorCode,
      detail,
      retryable,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  private connectionError(
    method: string,
    path: string,
    error: unknown,
    idempotent: boolean,
  ): DatabricksConnectionError {
    const failure =
      error instanceof TransportFailure
        ? error
        : new TransportFailure("ECONNRESET", String((error as Error)?.message ?? error), true);
    const nothingSent = NOTHING_SENT_CODES.includes(failure.code) || !failure.sent;
    let detail = scrub(failure.message, this.secrets());
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(failure.code)) {
      detail += ` (the workspace's TLS certificate is not trusted: for a private CA set model-monitoring:caCertPath)`;
    } else if (failure.code === "ENOTFOUND") {
      detail += ` (check the host from ${this.settings.sources.host})`;
    }
    return new DatabricksConnectionError({
      method,
      path,
      code: failure.code,
      detail,
      retryable: TRANSIENT_CODES.includes(failure.code) && (idempotent || nothingSent),
      maybeApplied: !nothingSent,
    });
  }

  private secrets(): string[] {
    const auth = this.settings.auth;
    const known = auth.kind === "pat" ? [auth.token] : [auth.clientSecret];
    const current = this.oauth?.currentToken();
    return current === undefined ? known : [...known, current];
  }
}

function verdictOf(error: unknown): FailureVerdict {
  if (isDeadlineExceeded(error)) return { retryable: false };
  if (error instanceof DatabricksApiError || error instanceof DatabricksConnectionError) {
    const reason = failureReason(error);
    if (error.exhausted || !error.retryable) return { retryable: false, reason };
    return error instanceof DatabricksApiError && error.retryAfterMs !== undefined
      ? { retryable: true, retryAfterMs: error.retryAfterMs, reason }
      : { retryable: true, reason };
  }
  return { retryable: false };
}

/** "HTTP 429", "connection reset", "timeout": a failure's root cause in a few words. */
export function failureReason(error: DatabricksApiError | DatabricksConnectionError): string {
  if (error instanceof DatabricksApiError) return `HTTP ${error.status}`;
  return describeNetworkCode(error.code);
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
 * are shared by every resource of a provider. Kept on globalThis, not in a module variable, so
 * no serialized provider can ever capture a live client or its credentials.
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
  const key = Symbol.for("model-monitoring.databricks-rest-clients");
  const holder = globalThis as unknown as Record<symbol, Map<string, RestClient> | undefined>;
  let clients = holder[key];
  if (clients === undefined) {
    clients = new Map();
    holder[key] = clients;
  }
  return clients;
}
