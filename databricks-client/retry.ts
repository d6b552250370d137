import { backoffDelay, sleep } from "./backoff";
import { describeDuration } from "./duration";
import { DatabricksApiError, DatabricksConnectionError, markExhausted } from "./errors";
import type { RetryPolicy } from "./settings";

/** How the loop should treat a failure. */
export interface FailureVerdict {
  retryable: boolean;
  /** The server's Retry-After; it replaces the backoff step. */
  retryAfterMs?: number;
}

/**
 * Runs `attempt` until it succeeds, the failure is not retryable, the attempts run out, or the
 * next wait would overrun the total budget. A server's Retry-After is honoured as given (it
 * knows best), but never beyond the budget: a wait that would overrun it ends the loop at once
 * rather than sleeping just to fail. The error that ends the loop says why.
 *
 * `exponential-backoff` was not used: its delay depends only on the attempt number (no way to
 * take Retry-After for one step), and it bounds attempts, not elapsed time.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (attemptNumber: number) => Promise<T>,
  verdict: (error: unknown) => FailureVerdict,
  clock: () => number = Date.now,
): Promise<T> {
  const started = clock();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const { retryable, retryAfterMs } = verdict(error);
      if (!retryable) throw error;
      const elapsed = clock() - started;
      const delay =
        retryAfterMs ?? backoffDelay(attemptNumber, policy.minDelayMs, policy.maxDelayMs);
      const summary = `${attemptNumber} attempt${attemptNumber === 1 ? "" : "s"} in ${describeDuration(elapsed)}`;
      if (attemptNumber >= policy.maxAttempts) {
        throw giveUp(error, `gave up after ${summary}: attempt limit reached`);
      }
      if (elapsed + delay > policy.totalBudgetMs) {
        const wait =
          retryAfterMs === undefined
            ? ""
            : `; the server asked to wait ${describeDuration(retryAfterMs)}`;
        throw giveUp(
          error,
          `gave up after ${summary}: retry budget of ${describeDuration(policy.totalBudgetMs)} exhausted${wait}`,
        );
      }
      await sleep(delay);
    }
  }
}

function giveUp(error: unknown, note: string): unknown {
  if (error instanceof DatabricksApiError || error instanceof DatabricksConnectionError) {
    return markExhausted(error, note);
  }
  if (error instanceof Error) error.message = `${error.message} (${note})`;
  return error;
}
