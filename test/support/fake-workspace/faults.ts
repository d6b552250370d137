import { pick, seededRandom } from "../seeded-random";
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

/** Random faults: a share of matching requests, kinds drawn from a seeded sequence. */
export interface RandomFaultSpec {
  seed: number;
  /** Share of matching requests that meet a fault, 0..1. */
  rate: number;
  /** Default: 429, 503, "reset", "lost-response", "slow". */
  kinds?: Array<429 | 503 | "reset" | "lost-response" | "slow">;
  /** Default: any method, any path. */
  method?: string;
  path?: PathPattern;
  retryAfterSeconds?: number;
  delayMs?: number;
}

const RANDOM_KINDS: NonNullable<RandomFaultSpec["kinds"]> = [
  429,
  503,
  "reset",
  "lost-response",
  "slow",
];

interface Entry {
  spec: FaultSpec;
  remaining: number;
}

/**
 * Faults are consumed in the order they were added: a request takes the first fault that matches
 * it and still has uses left, and at most one fault applies to a request. Only a request that
 * meets no such fault may meet a random one (`random`).
 */
export class FaultInjector {
  private entries: Entry[] = [];
  private randomRule?: { spec: RandomFaultSpec; next: () => number };
  /** Faults that fired, by kind ("429", "reset", ...). */
  firedByKind: Record<string, number> = {};

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new Error(`fault times must be positive, got ${times}`);
    this.entries.push({ spec: { ...spec }, remaining: times });
  }

  /** Faults not yet used up, in the order they will be consumed. */
  pending(): ActiveFault[] {
    return this.entries.map((entry) => ({ ...entry.spec, remaining: entry.remaining }));
  }

  /**
   * From now on a share `rate` of matching requests meets a fault whose kind is drawn from a
   * sequence fixed by `seed`. Replaces an earlier random rule; `clear()` ends it.
   */
  random(spec: RandomFaultSpec): void {
    this.randomRule = { spec: { ...spec }, next: seededRandom(spec.seed) };
  }

  clear(): void {
    this.entries = [];
    this.randomRule = undefined;
  }

  /** The fault for this request, if any; uses it up once. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.takeCounted(method, path) ?? this.drawRandom(method, path);
    if (fault !== undefined) {
      this.firedByKind[String(fault.kind)] = (this.firedByKind[String(fault.kind)] ?? 0) + 1;
    }
    return fault;
  }

  private takeCounted(method: string, path: string): FaultSpec | undefined {
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

  private drawRandom(method: string, path: string): FaultSpec | undefined {
    const random = this.randomRule;
    if (random === undefined) return undefined;
    const { spec, next } = random;
    if (!methodMatches(spec.method, method)) return undefined;
    if (spec.path !== undefined && matchPath(spec.path, path) === undefined) return undefined;
    if (next() >= spec.rate) return undefined;
    return {
      path,
      kind: pick(spec.kinds ?? RANDOM_KINDS, next),
      ...(spec.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: spec.retryAfterSeconds }),
      ...(spec.delayMs === undefined ? {} : { delayMs: spec.delayMs }),
    };
  }
}
