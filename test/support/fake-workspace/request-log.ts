import { matchPath, methodMatches, type PathPattern } from "./route-pattern";
import type { FaultKind } from "./faults";

/** One request as the fake saw it, for tests to assert on. */
export interface LoggedRequest {
  /** 1, 2, 3... in arrival order. */
  seq: number;
  method: string;
  /** Path without the query string, as sent (not decoded). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body was JSON, the raw text otherwise, undefined when empty. */
  body: unknown;
  /** The route pattern that handled it, e.g. "PUT /api/2.0/serving-endpoints/{name}/config". */
  route?: string;
  /** Who the token belonged to, when it was valid. */
  principal?: string;
  /** Status sent, or that would have been sent for "lost-response"; undefined for "reset". */
  status?: number;
  errorCode?: string;
  /** The injected fault, if one was applied. */
  fault?: FaultKind;
  /**
   * Fields the handler answered that the route's response message does not have; they were cut
   * before sending. Always absent unless the fake itself has a bug (a stand-in test checks).
   */
  strayFields?: string[];
}

export interface RequestFilter {
  method?: string;
  /** Pattern on the path: "/api/2.0/alerts/{id}", "/api/2.0/alerts/**" or a RegExp. */
  path?: PathPattern;
  /** The route pattern as in `LoggedRequest.route`, e.g. "POST /api/2.0/alerts". */
  route?: string;
  status?: number;
  fault?: FaultKind;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  /** Records a request now; the server fills in the outcome on the returned entry later. */
  start(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged = { seq: ++this.seq, ...entry };
    this.entries.push(logged);
    return logged;
  }

  all(): readonly LoggedRequest[] {
    return [...this.entries];
  }

  filter(filter: RequestFilter = {}): LoggedRequest[] {
    return this.entries.filter(
      (entry) =>
        methodMatches(filter.method, entry.method) &&
        (filter.path === undefined || matchPath(filter.path, entry.path) !== undefined) &&
        (filter.route === undefined || filter.route === entry.route) &&
        (filter.status === undefined || filter.status === entry.status) &&
        (filter.fault === undefined || filter.fault === entry.fault),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.filter(filter).length;
  }

  last(filter: RequestFilter = {}): LoggedRequest | undefined {
    return this.filter(filter).at(-1);
  }

  /** Requests per route pattern ("METHOD /pattern"); unrouted ones under "METHOD path". */
  countByRoute(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) {
      const key = entry.route ?? `${entry.method} ${entry.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.entries = [];
  }
}
