import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "./access";
import { invalidParameter } from "./errors";
import { matchPath } from "./route-pattern";

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The fake's own base URL ("https://127.0.0.1:PORT"), for discovery documents. */
  baseUrl: string;
  /** Set on every route except public ones (OAuth token and discovery). */
  principal?: Principal;
  /** The body as JSON; an empty body reads as {}. Malformed JSON -> 400 INVALID_PARAMETER_VALUE. */
  json(): unknown;
}

export interface AuthenticatedContext extends RequestContext {
  principal: Principal;
}

/** A handler's answer when it is not "200 with this JSON body". */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

type Handler = (ctx: RequestContext) => unknown;

export interface Route {
  method: string;
  pattern: string;
  /** Public routes skip authentication (OAuth token endpoint and discovery documents). */
  isPublic: boolean;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  /** A route that needs a valid token; the handler gets the caller's principal. */
  add(method: string, pattern: string, handler: (ctx: AuthenticatedContext) => unknown): void {
    this.routes.push({ method, pattern, isPublic: false, handler: handler as Handler });
  }

  addPublic(method: string, pattern: string, handler: Handler): void {
    this.routes.push({ method, pattern, isPublic: true, handler });
  }

  /** Every route, in registration order (for the fake's own tests). */
  list(): readonly Route[] {
    return [...this.routes];
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const matched = matchPath(route.pattern, path);
      if (matched !== undefined) return { route, params: matched.params };
    }
    return undefined;
  }
}

export function parseJsonBody(rawBody: string): unknown {
  if (rawBody.trim() === "") return {};
  try {
    return JSON.parse(rawBody) as unknown;
  } catch (error) {
    // ASSUMPTION (per the brief): malformed JSON is INVALID_PARAMETER_VALUE; real workspaces
    // may answer MALFORMED_REQUEST. Either way it is a 400.
    throw invalidParameter(`Malformed JSON in request body: ${(error as Error).message}`);
  }
}
