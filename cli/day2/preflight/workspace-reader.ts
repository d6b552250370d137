import { isNotFound } from "../../../databricks-client/errors";
import type { RestClient } from "../../../databricks-client/rest";
import { fatalProblem, isPerObjectApiError } from "../failures";
import type { Unconcluded } from "../not-concluded";

/**
 * The preflight's only way to the REST API: read-only GETs, counted, each answer sorted into
 * found / missing (404) / refused (another 4xx about this one object, e.g. 403), and any failure
 * that says nothing about the object (a 5xx or 429 past the retries, a broken connection) kept
 * as a part the run could not conclude, which ends the run with exit 2 once every read is done.
 */

export type Lookup<T> =
  { kind: "found"; value: T } | { kind: "missing" } | { kind: "refused"; message: string };

export const found = <T>(value: T): Lookup<T> => ({ kind: "found", value });

export class WorkspaceReader {
  private sent = 0;
  readonly unconcluded: Unconcluded[] = [];
  readonly concluded: string[] = [];

  constructor(private readonly client: RestClient) {}

  /** REST requests sent (each page counts; the client's retries do not). */
  requests(): number {
    return this.sent;
  }

  get<T>(path: string, query?: Record<string, string>): Promise<T> {
    this.sent += 1;
    return this.client.get<T>(path, query);
  }

  /**
   * Every page of a Unity Catalog list (`max_results=0`: the server's page size, as the SDK
   * recommends; a page may be empty and still carry a token, so only a missing token ends it).
   */
  async pages<T>(path: string, query: Record<string, string>, items: string): Promise<T[]> {
    const all: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.get<Record<string, unknown>>(path, {
        ...query,
        max_results: "0",
        ...(token === undefined ? {} : { page_token: token }),
      });
      all.push(...((page[items] as T[] | undefined) ?? []));
      const next = page.next_page_token;
      token = typeof next === "string" && next !== "" ? next : undefined;
    } while (token !== undefined);
    return all;
  }

  /** Runs one read as `part`; undefined when it could not be concluded (see above). */
  async lookUp<T>(part: string, read: () => Promise<T>): Promise<Lookup<T> | undefined> {
    try {
      const value = await read();
      this.concluded.push(part);
      return found(value);
    } catch (error) {
      if (isNotFound(error)) return { kind: "missing" };
      if (isPerObjectApiError(error)) return { kind: "refused", message: error.message };
      if (fatalProblem(error) === undefined) throw error;
      this.unconcluded.push({ part, error });
      return undefined;
    }
  }
}
