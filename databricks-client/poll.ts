import { backoffDelay, sleep } from "./backoff";

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
 * Calls `check` until it returns a value, waiting longer between checks each time but never
 * past the deadline; after the last check at the deadline, throws `timeoutError()`. Errors from
 * `check` end the wait at once (the REST client has already retried transient ones).
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  schedule: PollSchedule,
  timeoutError: () => Error,
): Promise<T> {
  const now = schedule.clock ?? Date.now;
  for (let attempt = 1; ; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    const remaining = schedule.deadline - now();
    if (remaining <= 0) throw timeoutError();
    const step = backoffDelay(attempt, schedule.initialIntervalMs, schedule.maxIntervalMs);
    await sleep(Math.min(remaining, step));
  }
}
