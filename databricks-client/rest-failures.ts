import { parseRetryAfter } from "./backoff";
import {
  DatabricksApiError,
  DatabricksConnectionError,
  describeNetworkCode,
  isDeadlineExceeded,
  parseErrorBody,
  scrub,
} from "./errors";
import { TransportFailure, type HttpAnswer } from "./https-transport";
import type { FailureVerdict } from "./retry";
import type { ConnectionSettings } from "./connection-settings";

/**
 * What a REST call's failure becomes: a DatabricksApiError (an answer) or a
 * DatabricksConnectionError (none), each saying whether a resend may help; and the verdict the
 * retry loop acts on. Messages never hold a secret the client knows.
 */

/** What a failure's message may draw on. */
export interface FailureContext {
  /** Secrets to scrub from any text that reaches a message. */
  secrets: string[];
  /** Where host and credentials came from (never the values). */
  sources: ConnectionSettings["sources"];
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
/** Whether sending again may help after a connection failed with `code` (reset, timeout, ...). */
export function isTransientConnectionCode(code: string): boolean {
  return TRANSIENT_CODES.includes(code);
}

/** Failures that happen before anything reaches the server. */
const NOTHING_SENT_CODES: readonly string[] = [
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];

/** The error for a non-2xx answer: retryable or not, with Retry-After and a scrubbed message. */
export function apiError(
  method: string,
  path: string,
  answer: HttpAnswer,
  idempotent: boolean,
  context: FailureContext,
): DatabricksApiError {
  const { errorCode, message } = parseErrorBody(answer.status, answer.body);
  const status = answer.status;
  const retryable =
    status === 429 || status === 503 || (idempotent && (status === 502 || status === 504));
  const retryAfterMs = retryable ? parseRetryAfter(answer.headers["retry-after"]) : undefined;
  let detail = scrub(message, context.secrets);
  if (status === 401) detail += ` (credentials from ${context.sources.auth})`;
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

/** The error for a request that got no answer, with what may help and whether it may have applied. */
export function connectionError(
  method: string,
  path: string,
  error: unknown,
  idempotent: boolean,
  context: FailureContext,
): DatabricksConnectionError {
  const failure =
    error instanceof TransportFailure
      ? error
      : new TransportFailure("ECONNRESET", String((error as Error)?.message ?? error), true);
  const nothingSent = NOTHING_SENT_CODES.includes(failure.code) || !failure.sent;
  let detail = scrub(failure.message, context.secrets);
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(failure.code)) {
    detail += ` (the workspace's TLS certificate is not trusted: for a private CA set model-monitoring:caCertPath)`;
  } else if (failure.code === "ENOTFOUND") {
    detail += ` (check the host from ${context.sources.host})`;
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

/** Whether the retry loop may send a failed call again, and why it failed. */
export function verdictOf(error: unknown): FailureVerdict {
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
