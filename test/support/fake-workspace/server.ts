import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { AccessControl } from "./access";
import {
  ApiError,
  endpointNotFound,
  requestLimitExceeded,
  temporarilyUnavailable,
  unauthenticated,
} from "./errors";
import type { FaultInjector, FaultSpec } from "./faults";
import type { LoggedRequest, RequestLog } from "./request-log";
import { routeShapes, shapeRequestBody, shapeResponseBody } from "./route-shapes";
import { parseJsonBody, Reply, type RequestContext, type RouteMatch, type Router } from "./router";
import type { Strictness } from "./strictness";
import type { Timeline } from "./timeline";

export interface ServerParts {
  router: Router;
  access: AccessControl;
  faults: FaultInjector;
  requests: RequestLog;
  timeline: Timeline;
  certificate: { cert: string; key: string };
  strictness: Strictness;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

interface Outcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The HTTPS front: for each request, log it, apply an injected fault if one matches, authenticate,
 * route, and answer JSON. Listens on 127.0.0.1 on a free port.
 */
export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const closing = new AbortController();
  let baseUrl = "";
  const server: Server = createServer(
    { cert: parts.certificate.cert, key: parts.certificate.key },
    (req, res) => {
      collectBody(req)
        .then((rawBody) => handle(parts, req, res, rawBody, baseUrl, closing.signal))
        .catch(() => res.destroy());
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;
  return {
    port,
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function collectBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function handle(
  parts: ServerParts,
  req: IncomingMessage,
  res: ServerResponse,
  rawBody: string,
  baseUrl: string,
  closing: AbortSignal,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "https://fake-workspace.invalid");
  const path = url.pathname;
  const entry = parts.requests.start({
    method,
    path,
    query: Object.fromEntries(url.searchParams),
    body: bodyForLog(rawBody),
  });
  const matched = parts.router.match(method, path);
  if (matched !== undefined) entry.route = `${method} ${matched.route.pattern}`;

  const fault = parts.faults.take(method, path);
  if (fault !== undefined) entry.fault = fault.kind;
  if (fault?.kind === "reset") {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "slow") {
    try {
      await sleep(fault.delayMs ?? 200, undefined, { signal: closing });
    } catch {
      // The server is closing. A request that arrived after close() began is not among the
      // connections it destroyed: end it here, or close() would wait for it.
      req.socket.destroy();
      return;
    }
  }

  const outcome =
    faultOutcome(fault) ?? (await route(parts, matched, entry, req, url, rawBody, baseUrl));
  entry.status = outcome.status;
  const errorCode = (outcome.body as { error_code?: unknown } | undefined)?.error_code;
  if (typeof errorCode === "string") entry.errorCode = errorCode;

  if (fault?.kind === "lost-response") {
    // Applied above; the answer never reaches the client.
    req.socket.destroy();
    return;
  }
  const payload = JSON.stringify(outcome.body ?? {});
  res.writeHead(outcome.status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    ...outcome.headers,
  });
  res.end(payload);
}

/** The answer of a fault that stops the request before it is applied. */
function faultOutcome(fault: FaultSpec | undefined): Outcome | undefined {
  switch (fault?.kind) {
    case 429:
      return fromError(requestLimitExceeded(fault.retryAfterSeconds ?? 1));
    case 503:
      return fromError(temporarilyUnavailable(fault.retryAfterSeconds));
    case "error":
      return fromError(
        new ApiError(
          fault.status ?? 500,
          fault.errorCode ?? "INTERNAL_ERROR",
          fault.message ?? "Injected fault",
        ),
      );
    default:
      return undefined;
  }
}

async function route(
  parts: ServerParts,
  matched: RouteMatch | undefined,
  entry: LoggedRequest,
  req: IncomingMessage,
  url: URL,
  rawBody: string,
  baseUrl: string,
): Promise<Outcome> {
  const method = entry.method;
  try {
    parts.timeline.runDue();
    const isPublic = matched?.route.isPublic ?? false;
    const principal = isPublic ? undefined : parts.access.authenticate(req.headers.authorization);
    if (!isPublic && principal === undefined) {
      throw unauthenticated(
        req.headers.authorization === undefined
          ? "Missing Authorization header: credentials are required"
          : "Invalid access token",
      );
    }
    if (principal !== undefined) entry.principal = principal.name;
    if (matched === undefined) throw endpointNotFound(method, url.pathname);
    if (principal !== undefined) parts.access.authorize(principal, method, url.pathname);

    // The body as the API's request message admits it (route-shapes.ts), checked before the
    // handler runs, whether or not the handler reads it.
    const shape = routeShapes.get(`${method} ${matched.route.pattern}`);
    const body =
      shape?.request === undefined
        ? undefined
        : shapeRequestBody(parseJsonBody(rawBody), shape.request, parts.strictness);
    const ctx: RequestContext = {
      method,
      path: url.pathname,
      params: matched.params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      baseUrl,
      ...(principal === undefined ? {} : { principal }),
      json: () => (body === undefined ? parseJsonBody(rawBody) : structuredClone(body)),
    };
    const result = await matched.route.handler(ctx);
    if (result instanceof Reply) {
      return { status: result.status, body: result.body, headers: result.headers };
    }
    const answer =
      shape === undefined
        ? result
        : shapeResponseBody(result, shape.response, (paths) => (entry.strayFields = paths));
    return { status: 200, body: answer, headers: {} };
  } catch (error) {
    if (error instanceof ApiError) return fromError(error);
    // A bug in the fake itself: answer like a server error so the test sees it.
    return fromError(
      new ApiError(500, "INTERNAL_ERROR", `Fake workspace failure: ${String(error)}`),
    );
  }
}

function fromError(error: ApiError): Outcome {
  return { status: error.status, body: error.body(), headers: error.headers };
}

function bodyForLog(rawBody: string): unknown {
  if (rawBody === "") return undefined;
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return rawBody;
  }
}
