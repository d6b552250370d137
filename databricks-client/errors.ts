/**
 * Errors of the REST client. Messages name the request and what the server said, never a
 * credential: server messages are scrubbed of the secrets the client knows before they are
 * quoted.
 *
 * SERIALIZED_ERRORS: inside a dynamic provider this code runs as Pulumi serialized it, which
 * turns classes into functions and `super(message)` into `Error.call(this, message)`; that
 * call does not set `this.message`. Every Error subclass here sets it again itself.
 */

export interface ApiErrorInit {
  method: string;
  path: string;
  status: number;
  errorCode: string;
  /** The server's message (already scrubbed). */
  detail: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** A Databricks API answer that is not 2xx. Message: "<METHOD> <path>: <status> <ERROR_CODE>: <message>". */
export class DatabricksApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly retryable: boolean;
  readonly method: string;
  readonly path: string;
  /** What the server said, without the request prefix. */
  readonly detail: string;
  /** From Retry-After, when the server sent one. */
  readonly retryAfterMs?: number;
  /** Set once the client has given up retrying it, so outer loops do not retry it again. */
  exhausted = false;

  constructor(init: ApiErrorInit) {
    const message = `${init.method} ${init.path}: ${init.status} ${init.errorCode}: ${init.detail}`;
    super(message);
    this.message = message; // see SERIALIZED_ERRORS below
    this.name = "DatabricksApiError";
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.retryable = init.retryable;
    this.method = init.method;
    this.path = init.path;
    this.detail = init.detail;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** No HTTP answer at all: reset, refused, timed out, TLS or DNS failure. */
export class DatabricksConnectionError extends Error {
  readonly method: string;
  readonly path: string;
  /** ECONNRESET, ECONNREFUSED, TIMEOUT, a TLS code such as DEPTH_ZERO_SELF_SIGNED_CERT, ... */
  readonly code: string;
  readonly retryable: boolean;
  /** The request may have been applied before the connection failed (it was sent). */
  readonly maybeApplied: boolean;
  exhausted = false;

  constructor(init: {
    method: string;
    path: string;
    code: string;
    detail: string;
    retryable: boolean;
    maybeApplied: boolean;
  }) {
    const message = `${init.method} ${init.path}: connection failed (${init.code}): ${init.detail}`;
    super(message);
    this.message = message; // see SERIALIZED_ERRORS below
    this.name = "DatabricksConnectionError";
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.retryable = init.retryable;
    this.maybeApplied = init.maybeApplied;
  }
}

/**
 * A call given up at its caller's deadline (a wait's `timeoutSeconds`): the request in flight
 * was cut, or the next retry would have started too late. `cause` is the last failure.
 */
export class DeadlineExceededError extends Error {
  readonly exhausted = true;

  constructor(
    override readonly cause: unknown,
    note: string,
  ) {
    const message = `${String((cause as Error)?.message ?? cause)} (${note})`;
    super(message);
    this.message = message; // see SERIALIZED_ERRORS below
    this.name = "DeadlineExceededError";
  }
}

/** Checks by name, so it also works across copies of this module. */
export const isDeadlineExceeded = (e: unknown): boolean => errorName(e) === "DeadlineExceededError";

/**
 * The object asked for does not exist (404). A 404 ENDPOINT_NOT_FOUND means the API itself is
 * missing (wrong path, feature not enabled), which must not read as "the object is gone".
 * Checks by shape, so it also works across copies of this module.
 */
export const isNotFound = (e: unknown): boolean =>
  errorName(e) === "DatabricksApiError" &&
  (e as DatabricksApiError).status === 404 &&
  (e as DatabricksApiError).errorCode !== "ENDPOINT_NOT_FOUND";

/** Appends why the client stopped retrying, and marks the error as final. */
export function markExhausted<E extends DatabricksApiError | DatabricksConnectionError>(
  error: E,
  note: string,
): E {
  error.message = `${error.message} (${note})`;
  error.exhausted = true;
  return error;
}

function errorName(e: unknown): string | undefined {
  return e !== null && typeof e === "object"
    ? ((e as { name?: unknown }).name as string)
    : undefined;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "RESOURCE_CONFLICT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_ERROR",
  501: "NOT_IMPLEMENTED",
  502: "BAD_GATEWAY",
  503: "TEMPORARILY_UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/**
 * Reads an error body in the shapes Databricks uses (docs/databricks-api.md, errors): `{error_code, message}`,
 * legacy `{error}`, OAuth `{error, error_description}`, SCIM `{detail}`, `CODE: message` text
 * or an HTML page; an empty body falls back to the HTTP status text.
 */
export function parseErrorBody(
  status: number,
  body: string,
): { errorCode: string; message: string } {
  const fallbackCode = CODE_BY_STATUS[status] ?? `HTTP_${status}`;
  const http = require("node:http") as typeof import("node:http");
  const statusText = http.STATUS_CODES[status] ?? "Error";
  const text = body.trim();
  if (text === "") return { errorCode: fallbackCode, message: statusText };
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const str = (v: unknown): string | undefined =>
      typeof v === "string" && v !== "" ? v : undefined;
    const code =
      str(json.error_code) ?? (str(json.error_description) ? str(json.error) : undefined);
    const message =
      str(json.message) ?? str(json.error_description) ?? str(json.detail) ?? str(json.error);
    return { errorCode: code ?? fallbackCode, message: message ?? statusText };
  } catch {
    // Not JSON: plain text or an HTML error page from a gateway.
  }
  const pre = /<pre>([\s\S]*?)<\/pre>/i.exec(text)?.[1];
  const plain = (pre ?? text.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ").trim();
  const coded = /^([A-Z][A-Z0-9_]+): (.+)$/.exec(plain);
  if (coded) return { errorCode: coded[1] ?? fallbackCode, message: coded[2] ?? plain };
  return { errorCode: fallbackCode, message: plain || statusText };
}

/** Replaces every known secret in a server message and keeps it readable in one line. */
export function scrub(message: string, secrets: readonly string[]): string {
  let result = message;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join("***");
  }
  return result.length > 1000 ? `${result.slice(0, 1000)}...` : result;
}

/** Connection failure codes in words, for messages ("connection reset"). */
const NETWORK_CODE_WORDS: Record<string, string> = {
  ECONNRESET: "connection reset",
  ECONNREFUSED: "connection refused",
  ECONNABORTED: "connection aborted",
  ETIMEDOUT: "connect timeout",
  TIMEOUT: "timeout",
  EPIPE: "connection closed while sending",
  EAI_AGAIN: "DNS lookup failed",
};

export function describeNetworkCode(code: string): string {
  return NETWORK_CODE_WORDS[code] ?? code;
}
