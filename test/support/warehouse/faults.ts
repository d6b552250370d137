/**
 * Failures the warehouse can be told to produce, for retry and error-handling tests. Each rule
 * applies to the next `times` matching requests (default 1) and then disappears.
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
  /** How many injected faults have fired. */
  fired = 0;

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

  clear(): void {
    this.statementFailures = [];
    this.statementDelays = [];
    this.statementCancels = [];
    this.httpFailures = [];
    this.resets = [];
  }

  /** Rules not yet used up. */
  get pending(): number {
    return [
      this.statementFailures,
      this.statementDelays,
      this.statementCancels,
      this.httpFailures,
      this.resets,
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

  takeHttpFault(
    method: string,
  ): { reset: true } | { reset: false; rule: HttpFailureRule } | undefined {
    const reset = this.take(this.resets, (rule) => appliesTo(rule.methods, method));
    if (reset) return { reset: true };
    const rule = this.take(this.httpFailures, (candidate) => appliesTo(candidate.methods, method));
    return rule ? { reset: false, rule } : undefined;
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
