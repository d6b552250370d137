import { backoffDelay, sleep } from "./backoff";
import { describeDuration } from "./duration";
import {
  DatabricksApiError,
  DatabricksConnectionError,
  DeadlineExceededError,
  markExhausted,
} from "./errors";
import type { RetryPolicy } from "./connection-settings";

/** How the loop should treat a failure. */
export interface FailureVerdict {
  retryable: boolean;
  /** The server's Retry-After; it replaces the backoff step. */
  retryAfterMs?: number;
  /** The root cause in a few words ("HTTP 503", "connection reset"), for the final message. */
  reason?: string;
}

export interface RetryOptions {
  clock?: () => number;
  /**
   * Epoch ms by which the caller needs an answer (a wait's deadline). No wait goes past it: a
   * retry that would is not made, and the loop ends with a DeadlineExceededError naming the
   * last failure. `attempt` gets the time left, to bound its own request.
   */
  deadline?: number;
}

/**
 * Runs `attempt` until it succeeds, the failure is not retryable, the attempts run out, or the
 * next wait would overrun the total budget or the deadline. A server's Retry-After is honoured
 * as given (it knows best), but never beyond the budget: a wait that would overrun it ends the
 * loop at once rather than sleeping just to fail. The error that ends the loop says why, and
 * which failures were retried before it.
 *
 * `exponential-backoff` was not used: its delay depends only on the attempt number (no way to
 * take Retry-After for one step), and it bounds attempts, not elapsed time.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number, timeLeftMs: number) => Promise<T>,
  verdict: (error: unknown) => FailureVerdict,
  options: RetryOptions = {},
): Promise<T> {
  const clock = options.clock ?? Date.now;
  const deadline = options.deadline ?? Infinity;
  const started = clock();
  const retried: string[] = [];
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber, deadline - clock());
    } catch (error) {
      const { retryable, retryAfterMs, reason } = verdict(error);
      const elapsed = clock() - started;
      const summary = `${attemptNumber} attempt${attemptNumber === 1 ? "" : "s"} in ${describeDuration(elapsed)}`;
      if (!retryable) {
        if (retried.length === 0) throw error;
        throw note(error, `after retrying ${listOf(retried)}`);
      }
      retried.push(reason ?? "a transient failure");
      const delay =
        retryAfterMs ?? backoffDelay(attemptNumber, policy.minDelayMs, policy.maxDelayMs);
      const asked =
        retryAfterMs === undefined
          ? ""
          : `; the server asked to wait ${describeDuration(retryAfterMs)}`;
      if (attemptNumber >= policy.maxAttempts) {
        throw giveUp(
          error,
          `gave up after ${summary}: attempt limit reached; ${failures(retried)}`,
        );
      }
      if (elapsed + delay > policy.totalBudgetMs) {
        throw giveUp(
          error,
          `gave up after ${summary}: retry budget of ${describeDuration(policy.totalBudgetMs)} exhausted${asked}; ${failures(retried)}`,
        );
      }
      if (clock() + delay >= deadline) {
        throw new DeadlineExceededError(
          error,
          `stopped after ${summary} at the deadline${asked}; ${failures(retried)}`,
        );
      }
      await sleep(delay);
    }
  }
}

/** "failures: HTTP 503 ×2, connection reset": what went wrong, attempt by attempt. */
function failures(reasons: readonly string[]): string {
  return `failures: ${listOf(reasons)}`;
}

function listOf(reasons: readonly string[]): string {
  const runs: Array<{ reason: string; count: number }> = [];
  for (const reason of reasons) {
    const last = runs[runs.length - 1];
    if (last?.reason === reason) last.count += 1;
    else runs.push({ reason, count: 1 });
  }
  return runs.map((r) => (r.count === 1 ? r.reason : `${r.reason} ×${r.count}`)).join(", ");
}

/** Appends what was retried to a final error, leaving how callers treat it unchanged. */
function note(error: unknown, text: string): unknown {
  if (error instanceof Error) error.message = `${error.message} (${text})`;
  return error;
}

function giveUp(error: unknown, note: string): unknown {
  if (error instanceof DatabricksApiError || error instanceof DatabricksConnectionError) {
    return markExhausted(error, note);
  }
  if (error instanceof Error) {
    error.message = `${error.message} (${note})`;
    (error as Error & { exhausted?: boolean }).exhausted = true;
  }
  return error;
}
