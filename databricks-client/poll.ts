import { backoffDelay, sleep } from "./backoff";
import { isDeadlineExceeded } from "./errors";

export interface PollSchedule {
  /** Epoch ms after which no further check is made. */
  deadline: number;
  /** First wait between checks; waits grow (jittered) up to maxIntervalMs. */
  initialIntervalMs: number;
  maxIntervalMs: number;
  /** When the whole wait began (several polls may share one deadline); for messages. */
  startedAt?: number;
  clock?: () => number;
}

/** Milliseconds since the wait began (its `startedAt`, or `fallback`). */
export function waitedMs(schedule: PollSchedule, fallback: number): number {
  return (schedule.clock ?? Date.now)() - (schedule.startedAt ?? fallback);
}

/**
 * How long the check made at the deadline may still take. Checks bound their requests with
 * `checksDeadline` (RestClient.withDeadline), so a wait ends within this of its deadline even
 * when a request hangs or the server asks to retry later.
 */
export const FINAL_CHECK_GRACE_MS = 500;

/** The deadline for the requests of a wait's checks. */
export function checksDeadline(schedule: PollSchedule): number {
  return schedule.deadline + FINAL_CHECK_GRACE_MS;
}

/**
 * Calls `check` until it returns a value, waiting longer between checks each time but never
 * past the deadline; after the last check at the deadline, throws `timeoutError()`. Errors from
 * `check` end the wait at once (the REST client has already retried transient ones), except a
 * check cut off at the deadline (DeadlineExceededError): that is the timeout, with its cause.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  schedule: PollSchedule,
  timeoutError: () => Error,
): Promise<T> {
  const now = schedule.clock ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    let value: T | undefined;
    try {
      value = await check();
    } catch (error) {
      if (!isDeadlineExceeded(error)) throw error;
      const timeout = timeoutError();
      timeout.message += ` The last check did not finish in time: ${(error as Error).message}`;
      (timeout as Error & { cause?: unknown }).cause = error;
      throw timeout;
    }
    if (value !== undefined) return value;
    const remaining = schedule.deadline - now();
    if (remaining <= 0) throw timeoutError();
    const step = backoffDelay(attempt, schedule.initialIntervalMs, schedule.maxIntervalMs);
    await sleep(Math.min(remaining, step));
  }
}

/**
 * Like `pollUntil`, but the deadline is an answer, not a failure: undefined when the checks
 * found nothing by the deadline (or the last one was cut off by it).
 */
export async function pollUntilDeadline<T>(
  check: () => Promise<T | undefined>,
  schedule: PollSchedule,
): Promise<T | undefined> {
  const passed = new Error("deadline passed");
  try {
    return await pollUntil(check, schedule, () => passed);
  } catch (error) {
    if (error === passed) return undefined;
    throw error;
  }
}
