import { createServer, Server } from "node:https";
import { IncomingMessage, ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { TBinaryProtocol, TBufferedTransport } from "thrift";
import { WarehouseCounters } from "./counters";
import { FaultInjector } from "./faults";
import { ThriftProcessor } from "./thrift-protocol";

export interface ThriftHttpsServerOptions {
  cert: string;
  key: string;
  host: string;
  port: number;
  /** The warehouse HTTP path; other paths get 404. */
  path: string;
  token: string;
  processor: ThriftProcessor;
  counters: WarehouseCounters;
  faults: FaultInjector;
}

export interface ThriftHttpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * TCLIService over HTTPS as the driver speaks it: one Thrift message per POST, TBinaryProtocol
 * in a buffered transport, bearer-token auth. Injected HTTP faults (status codes, resets, slow
 * answers) are applied before authentication, the way a load balancer in front of a warehouse
 * would fail; a lost answer after the call was processed.
 */
export async function startThriftHttpsServer(
  options: ThriftHttpsServerOptions,
): Promise<ThriftHttpsServer> {
  const server: Server = createServer(
    { cert: options.cert, key: options.key },
    (request, response) => {
      handle(options, request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: ThriftHttpsServerOptions,
  request: IncomingMessage,
  response: ServerResponse,
) {
  const { counters, faults } = options;
  counters.httpRequests++;
  const path = (request.url ?? "").split("?")[0];
  if (path !== options.path) return answer(response, 404, `No warehouse at ${path}`);
  if (request.method !== "POST") return answer(response, 405, "Thrift calls are POST requests");

  const body = await readBody(request);
  const method = thriftMethodName(body);
  if (method === undefined) return answer(response, 400, "Not a Thrift binary message");
  counters.thriftCalls[method] = (counters.thriftCalls[method] ?? 0) + 1;

  const fault = faults.takeHttpFault(method);
  if (fault?.kind === "reset") {
    request.socket.destroy();
    return;
  }
  if (fault?.kind === "status") {
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined
        ? { "Retry-After": String(fault.retryAfterSeconds) }
        : {};
    return answer(response, fault.status, `Injected HTTP ${fault.status}`, headers);
  }
  if (fault?.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.ms));

  if (request.headers.authorization !== `Bearer ${options.token}`) {
    counters.unauthorizedRequests++;
    return answer(response, 401, "Invalid access token.", { "WWW-Authenticate": "Bearer" });
  }

  const reply = await new Promise<Buffer>((resolve, reject) => {
    const output = new TBinaryProtocol(
      new TBufferedTransport(undefined, (message?: Buffer) => resolve(message ?? Buffer.alloc(0))),
    );
    TBufferedTransport.receiver((transport) => {
      try {
        options.processor.process(new TBinaryProtocol(transport), output);
      } catch (error) {
        reject(error);
      }
    }, 0)(body);
  });
  if (fault?.kind === "lost-answer") {
    // Processed (a statement ran); the answer never reaches the client.
    request.socket.destroy();
    return;
  }
  response.writeHead(200, {
    "Content-Type": "application/x-thrift",
    "Content-Length": reply.length,
  });
  response.end(reply);
}

function answer(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "Content-Type": "text/plain", ...headers });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The Thrift method name from a message header, read without consuming the body. */
function thriftMethodName(body: Buffer): string | undefined {
  let name: string | undefined;
  try {
    TBufferedTransport.receiver((transport) => {
      name = new TBinaryProtocol(transport).readMessageBegin().fname;
    }, 0)(Buffer.from(body));
  } catch {
    return undefined;
  }
  return name;
}
