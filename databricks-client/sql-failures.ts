import { parseRetryAfter } from "./backoff";
import { describeNetworkCode } from "./errors";
import type { FailureVerdict } from "./retry";

/**
 * How a failed statement is treated by the SQL runner. Every statement this project sends is
 * idempotent (each says so where it is built), so anything that is not the statement's own
 * error may be sent again: a refused call (429/503, Retry-After honoured), a gateway error, a
 * broken or timed-out connection (also after the statement ran and only its answer was lost),
 * a session the warehouse no longer knows, and a statement the warehouse ended without an
 * answer (CANCELED, CLOSED, TIMEOUT, UNKNOWN: a restart, a stopping warehouse). Final: the
 * statement's own error (errorCode ERROR), credentials and other 4xx, TLS, unknown host.
 */

/** Network failures after which sending again may help (codes and driver messages). */
const TRANSIENT_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
];
const TRANSIENT_MESSAGES =
  /socket hang up|premature close|aborted|Request timed out|network timeout|ECONNRESET/i;

/**
 * How the warehouse ended a statement, for the driver's OperationStateError: "ERROR" (the SQL
 * was rejected), "CANCELED", "CLOSED", "TIMEOUT" or "UNKNOWN" (it ended without an answer).
 * Undefined for any other failure. Matched by name: the driver's class is not exported from its
 * package root.
 */
export function operationEndState(error: unknown): string | undefined {
  const named =
    (error as { name?: unknown })?.name === "OperationStateError" ||
    (error as { constructor?: { name?: string } })?.constructor?.name === "OperationStateError";
  if (!named) return undefined;
  const code = (error as { errorCode?: unknown }).errorCode;
  return typeof code === "string" ? code : "UNKNOWN";
}

/**
 * The session is gone: the warehouse answers INVALID_HANDLE (restarted, session expired), or
 * the driver refuses because this session object was closed.
 */
export function isLostSession(error: unknown): boolean {
  return /Invalid SessionHandle|The session was closed or has expired/i.test(messageOf(error));
}

/** The runner was closed (end of a command) while a statement still wanted to run. */
export class RunnerClosedError extends Error {
  constructor() {
    const message = "the SQL session was closed before the statement could run";
    super(message);
    this.message = message; // see SERIALIZED_ERRORS in errors.ts
    this.name = "RunnerClosedError";
  }
}

export function sqlVerdict(error: unknown): FailureVerdict {
  if ((error as { name?: unknown })?.name === "RunnerClosedError") return { retryable: false };
  const endState = operationEndState(error);
  if (endState !== undefined) {
    return endState === "ERROR"
      ? { retryable: false }
      : { retryable: true, reason: `statement ended ${endState}` };
  }
  if (isLostSession(error)) return { retryable: true, reason: "session lost" };
  // The driver gave up its own retries of a status poll or close: ours may go on.
  const payload = (error as { name?: unknown; payload?: unknown })?.payload;
  if (isRetryError(error)) {
    const inner = payload !== null && typeof payload === "object" && "response" in payload;
    const verdict = inner ? httpVerdict(payload) : networkVerdict(payload);
    return verdict ?? { retryable: true, reason: "driver retries exhausted" };
  }
  return httpVerdict(error) ?? networkVerdict(error) ?? { retryable: false };
}

/** "HTTP 503: ...", "connection reset: ...": the root cause in front of the driver's message. */
export function describeSqlFailure(error: unknown): string {
  const message = messageOf(error);
  const endState = operationEndState(error);
  if (endState === "ERROR") return message;
  const reason = endState === undefined ? sqlVerdict(error).reason : `statement ended ${endState}`;
  const named = reason?.startsWith("HTTP ") && message.includes(`status code: ${reason.slice(5)}`);
  if (reason === undefined || named || message.startsWith(reason)) return message;
  const payload = (error as { payload?: unknown })?.payload;
  const inner = isRetryError(error) && payload !== undefined ? ` (${messageOf(payload)})` : "";
  return `${reason}: ${message}${inner}`;
}

function isRetryError(error: unknown): boolean {
  return (
    (error as { constructor?: { name?: string } })?.constructor?.name === "RetryError" ||
    (error as { name?: unknown })?.name === "RetryError"
  );
}

/** A non-200 HTTP answer (the driver's THTTPException, or a retry payload with a response). */
function httpVerdict(error: unknown): FailureVerdict | undefined {
  const subject = error as {
    statusCode?: unknown;
    response?: { status?: unknown; headers?: { get?: (name: string) => string | null } };
  };
  const status = subject?.statusCode ?? subject?.response?.status;
  if (typeof status !== "number") return undefined;
  const reason = `HTTP ${status}`;
  if (status !== 429 && (status < 500 || status === 501)) return { retryable: false, reason };
  const retryAfterMs = parseRetryAfter(
    subject.response?.headers?.get?.("retry-after") ?? undefined,
  );
  return retryAfterMs === undefined
    ? { retryable: true, reason }
    : { retryable: true, retryAfterMs, reason };
}

/** A request that got no answer: reset, refused, timed out, cut off. */
function networkVerdict(error: unknown): FailureVerdict | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && TRANSIENT_CODES.includes(code)) {
    return { retryable: true, reason: describeNetworkCode(code) };
  }
  const message = messageOf(error);
  if (!TRANSIENT_MESSAGES.test(message)) return undefined;
  const reason = /timed out|timeout/i.test(message)
    ? "timeout"
    : /socket hang up|ECONNRESET/i.test(message)
      ? "connection reset"
      : "connection cut off";
  return { retryable: true, reason };
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error);
}
