import { pick, seededRandom } from "../seeded-random";

/**
 * Failures the warehouse can be told to produce, for retry and error-handling tests. Each rule
 * applies to the next `times` matching requests (default 1) and then disappears; a random rule
 * (`random`) stays until cleared.
 */
export type ThriftMethod =
  | "OpenSession"
  | "CloseSession"
  | "ExecuteStatement"
  | "GetOperationStatus"
  | "GetResultSetMetadata"
  | "FetchResults"
  | "CloseOperation"
  | "CancelOperation"
  | "GetInfo"
  | (string & {});

export interface StatementFailureRule {
  /** Substring (case-insensitive) or pattern of the received SQL; default: any statement. */
  match?: string | RegExp;
  times?: number;
  /** Default "LOCAL_WAREHOUSE_INJECTED_FAILURE". */
  errorClass?: string;
  message?: string;
  sqlState?: string;
}

export interface StatementMatchRule {
  match?: string | RegExp;
  times?: number;
}

export interface StatementDelayRule {
  match?: string | RegExp;
  times?: number;
  /** How long the statement stays RUNNING before it executes. */
  ms: number;
}

export interface HttpFailureRule {
  /** HTTP status to answer instead of processing the call (e.g. 503, 429, 500). */
  status: number;
  /** Only for these Thrift calls; default: any. */
  methods?: ThriftMethod[];
  times?: number;
  /** Sets the Retry-After header (seconds). */
  retryAfterSeconds?: number;
}

export interface ConnectionResetRule {
  methods?: ThriftMethod[];
  times?: number;
}

export interface AnswerRule {
  /** Only for these Thrift calls; default: any. */
  methods?: ThriftMethod[];
  times?: number;
}

export interface HttpDelayRule {
  methods?: ThriftMethod[];
  times?: number;
  /** How long the answer is held back. */
  ms: number;
}

/** What a random fault does to one HTTP request. */
export type RandomFaultKind = 429 | 503 | "reset" | "lost-answer" | "slow";

export interface RandomFaultRule {
  seed: number;
  /** Share of matching requests that meet a fault, 0..1. */
  rate: number;
  /** Default: all kinds. */
  kinds?: RandomFaultKind[];
  /** Only these Thrift calls; default: any. */
  methods?: ThriftMethod[];
  /** For 429 (default 1) and 503 (no header unless set). */
  retryAfterSeconds?: number;
  /** For "slow" (default 200). */
  delayMs?: number;
}

/** An HTTP-level fault for one request, as the server applies it. */
export type HttpFault =
  | { kind: "reset" }
  | { kind: "lost-answer" }
  | { kind: "slow"; ms: number }
  | { kind: "status"; status: number; retryAfterSeconds?: number };

const RANDOM_KINDS: readonly RandomFaultKind[] = [429, 503, "reset", "lost-answer", "slow"];

interface Counted<T> {
  rule: T;
  remaining: number;
}

export class FaultInjector {
  private statementFailures: Array<Counted<StatementFailureRule>> = [];
  private statementDelays: Array<Counted<StatementDelayRule>> = [];
  private statementCancels: Array<Counted<StatementMatchRule>> = [];
  private httpFailures: Array<Counted<HttpFailureRule>> = [];
  private resets: Array<Counted<ConnectionResetRule>> = [];
  private lostAnswers: Array<Counted<AnswerRule>> = [];
  private httpDelays: Array<Counted<HttpDelayRule>> = [];
  private randomRule?: { rule: RandomFaultRule; next: () => number };
  /** How many injected faults have fired. */
  fired = 0;
  /** Fired HTTP faults by kind ("429", "503", "reset", "lost-answer", "slow", other statuses). */
  firedByKind: Record<string, number> = {};

  /** The next matching statement(s) fail with a SQL error (operation state ERROR). */
  failStatements(rule: StatementFailureRule = {}): void {
    this.statementFailures.push({ rule, remaining: rule.times ?? 1 });
  }

  /**
   * The next matching statement(s) end CANCELED on the warehouse side without running, as when
   * an admin cancels the query or the warehouse stops under it.
   */
  cancelStatements(rule: StatementMatchRule = {}): void {
    this.statementCancels.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The next matching statement(s) stay RUNNING for `ms` (exercises status polling and cancel). */
  delayStatements(rule: StatementDelayRule): void {
    this.statementDelays.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The next matching HTTP request(s) get this status instead of a Thrift answer. */
  failHttp(rule: HttpFailureRule): void {
    this.httpFailures.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The next matching HTTP request(s) have their connection destroyed without an answer. */
  resetConnections(rule: ConnectionResetRule = {}): void {
    this.resets.push({ rule, remaining: rule.times ?? 1 });
  }

  /**
   * The next matching call(s) are processed (a statement runs), then the connection is
   * destroyed instead of answering: the statement ran but its answer was lost.
   */
  loseAnswers(rule: AnswerRule = {}): void {
    this.lostAnswers.push({ rule, remaining: rule.times ?? 1 });
  }

  /** The next matching call(s) are answered only after `ms`. */
  delayHttp(rule: HttpDelayRule): void {
    this.httpDelays.push({ rule, remaining: rule.times ?? 1 });
  }

  /**
   * From now on a share `rate` of matching HTTP requests meets a fault, the kind drawn from
   * `kinds`, from a sequence fixed by `seed`. Counted rules (above) take precedence. Replaces an
   * earlier random rule; `clear()` ends it.
   */
  random(rule: RandomFaultRule): void {
    this.randomRule = { rule, next: seededRandom(rule.seed) };
  }

  clear(): void {
    this.lostAnswers = [];
    this.httpDelays = [];
    this.randomRule = undefined;
    this.statementFailures = [];
    this.statementDelays = [];
    this.statementCancels = [];
    this.httpFailures = [];
    this.resets = [];
  }

  /** Counted rules not yet used up. */
  get pending(): number {
    return [
      this.statementFailures,
      this.statementDelays,
      this.statementCancels,
      this.httpFailures,
      this.resets,
      this.lostAnswers,
      this.httpDelays,
    ].reduce((sum, rules) => sum + rules.length, 0);
  }

  takeStatementFailure(sql: string): StatementFailureRule | undefined {
    return this.take(this.statementFailures, (rule) => matches(rule.match, sql));
  }

  takeStatementCancel(sql: string): StatementMatchRule | undefined {
    return this.take(this.statementCancels, (rule) => matches(rule.match, sql));
  }

  takeStatementDelay(sql: string): StatementDelayRule | undefined {
    return this.take(this.statementDelays, (rule) => matches(rule.match, sql));
  }

  /** The HTTP-level fault for one request of Thrift call `method`, if any; uses it up. */
  takeHttpFault(method: string): HttpFault | undefined {
    const fault = this.takeCountedHttpFault(method) ?? this.drawRandomFault(method);
    if (fault !== undefined) {
      const kind = fault.kind === "status" ? String(fault.status) : fault.kind;
      this.firedByKind[kind] = (this.firedByKind[kind] ?? 0) + 1;
    }
    return fault;
  }

  private takeCountedHttpFault(method: string): HttpFault | undefined {
    const applies = (rule: { methods?: readonly string[] }) => appliesTo(rule.methods, method);
    if (this.take(this.resets, applies)) return { kind: "reset" };
    const rule = this.take(this.httpFailures, applies);
    if (rule) {
      return {
        kind: "status",
        status: rule.status,
        ...(rule.retryAfterSeconds === undefined
          ? {}
          : { retryAfterSeconds: rule.retryAfterSeconds }),
      };
    }
    if (this.take(this.lostAnswers, applies)) return { kind: "lost-answer" };
    const delay = this.take(this.httpDelays, applies);
    return delay ? { kind: "slow", ms: delay.ms } : undefined;
  }

  private drawRandomFault(method: string): HttpFault | undefined {
    const random = this.randomRule;
    if (random === undefined || !appliesTo(random.rule.methods, method)) return undefined;
    if (random.next() >= random.rule.rate) return undefined;
    const kind = pick(random.rule.kinds ?? RANDOM_KINDS, random.next);
    this.fired++;
    switch (kind) {
      case 429:
        return {
          kind: "status",
          status: 429,
          retryAfterSeconds: random.rule.retryAfterSeconds ?? 1,
        };
      case 503:
        return {
          kind: "status",
          status: 503,
          ...(random.rule.retryAfterSeconds === undefined
            ? {}
            : { retryAfterSeconds: random.rule.retryAfterSeconds }),
        };
      case "slow":
        return { kind: "slow", ms: random.rule.delayMs ?? 200 };
      default:
        return { kind };
    }
  }

  private take<T>(rules: Array<Counted<T>>, applies: (rule: T) => boolean): T | undefined {
    const index = rules.findIndex((entry) => applies(entry.rule));
    if (index === -1) return undefined;
    const entry = rules[index] as Counted<T>;
    entry.remaining--;
    if (entry.remaining <= 0) rules.splice(index, 1);
    this.fired++;
    return entry.rule;
  }
}

function matches(match: string | RegExp | undefined, sql: string): boolean {
  if (match === undefined) return true;
  if (typeof match === "string") return sql.toLowerCase().includes(match.toLowerCase());
  return match.test(sql);
}

function appliesTo(methods: readonly string[] | undefined, method: string): boolean {
  return methods === undefined || methods.includes(method);
}
