/**
 * Jittered exponential backoff: before retry `attempt` (1 = the first retry) wait a random
 * time between `minDelayMs` and min(maxDelayMs, minDelayMs * 2^attempt). The floor keeps
 * retries from hammering; the randomness keeps many clients from retrying in lockstep.
 */
export function backoffDelay(
  attempt: number,
  minDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.max(minDelayMs, Math.min(maxDelayMs, minDelayMs * 2 ** attempt));
  return minDelayMs + random() * (ceiling - minDelayMs);
}

/**
 * Retry-After as milliseconds: delay-seconds ("120", fractions accepted) or an HTTP date.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
