import { matchPath, methodMatches, type PathPattern } from "./route-pattern";

/**
 * What an injected fault does to one request:
 * - 429: answer 429 REQUEST_LIMIT_EXCEEDED with `Retry-After` (seconds), without applying it.
 * - 503: answer 503 TEMPORARILY_UNAVAILABLE (with `Retry-After` if configured), without applying.
 * - "reset": destroy the connection without any answer, without applying.
 * - "slow": wait `delayMs`, then handle the request normally.
 * - "lost-response": apply the request, then destroy the connection instead of answering
 *   (the create that succeeded remotely but whose answer never arrived).
 * - "error": answer `status` with `errorCode`/`message` (e.g. a 500), without applying.
 */
export type FaultKind = 429 | 503 | "reset" | "slow" | "lost-response" | "error";

export interface FaultSpec {
  /** HTTP method to match; any method when absent. */
  method?: string;
  /** Path pattern (see route-pattern.ts): "/api/2.0/serving-endpoints/{name}", "/api/**", RegExp. */
  path: PathPattern;
  kind: FaultKind;
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number;
  /** For 429 (default 1) and 503 (no header unless set). */
  retryAfterSeconds?: number;
  /** For "slow" (default 200). */
  delayMs?: number;
  /** For "error" (defaults 500, INTERNAL_ERROR, "Injected fault"). */
  status?: number;
  errorCode?: string;
  message?: string;
}

export interface ActiveFault extends Readonly<FaultSpec> {
  /** Matching requests it will still affect. */
  readonly remaining: number;
}

interface Entry {
  spec: FaultSpec;
  remaining: number;
}

/**
 * Faults are consumed in the order they were added: a request takes the first fault that matches
 * it and still has uses left, and at most one fault applies to a request. Nothing is random.
 */
export class FaultInjector {
  private entries: Entry[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error(`fault times must be positive, got ${times}`);
    this.entries.push({ spec: { ...spec }, remaining: times });
  }

  /** Faults not yet used up, in the order they will be consumed. */
  pending(): ActiveFault[] {
    return this.entries.map((entry) => ({ ...entry.spec, remaining: entry.remaining }));
  }

  clear(): void {
    this.entries = [];
  }

  /** The fault for this request, if any; uses it up once. */
  take(method: string, path: string): FaultSpec | undefined {
    const entry = this.entries.find(
      (candidate) =>
        methodMatches(candidate.spec.method, method) &&
        matchPath(candidate.spec.path, path) !== undefined,
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries = this.entries.filter((other) => other !== entry);
    return entry.spec;
  }
}
