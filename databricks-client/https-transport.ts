import type { Agent } from "node:https";

export interface HttpExchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Reuse pooled connections. Off for requests that must not be sent twice (see rest.ts). */
  keepAlive: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A failed exchange with no answer. `sent`: the request had been written out in full. */
export class TransportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly sent: boolean,
  ) {
    super(message);
    this.message = message; // see SERIALIZED_ERRORS in errors.ts
    this.name = "TransportFailure";
  }
}

/**
 * One HTTP exchange over node:https, so a private CA and any port work (see README for why not
 * global fetch). A custom CA is added to Node's public roots, not swapped for them. The timeout
 * covers the whole exchange: a server that trickles bytes cannot hold a call open forever.
 */
export class HttpsTransport {
  private pooled?: Agent;
  private single?: Agent;

  constructor(private readonly caCert?: string) {}

  send(exchange: HttpExchange): Promise<HttpAnswer> {
    const https = require("node:https") as typeof import("node:https");
    const agent = this.agent(exchange.keepAlive);
    return new Promise<HttpAnswer>((resolve, reject) => {
      // One mutable record, declared first: closure serialization cannot follow a variable
      // that a closure uses before its declaration.
      const progress = {
        sent: false,
        settled: false,
        timer: undefined as NodeJS.Timeout | undefined,
      };
      const fail = (code: string, message: string): void => {
        if (progress.settled) return;
        progress.settled = true;
        clearTimeout(progress.timer);
        reject(new TransportFailure(code, message, progress.sent));
      };
      const request = https.request(exchange.url, {
        method: exchange.method,
        headers: {
          ...exchange.headers,
          ...(exchange.body === undefined
            ? {}
            : { "Content-Length": String(Buffer.byteLength(exchange.body)) }),
        },
        agent,
      });
      progress.timer = setTimeout(() => {
        fail("TIMEOUT", `no complete answer within ${exchange.timeoutMs} ms`);
        request.destroy();
      }, exchange.timeoutMs);
      request.on("error", (error: NodeJS.ErrnoException) => {
        fail(error.code ?? "ECONNRESET", error.message);
      });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", (error: NodeJS.ErrnoException) =>
          fail(error.code ?? "ECONNRESET", error.message),
        );
        response.on("aborted", () => fail("ECONNRESET", "the answer was cut off"));
        response.on("end", () => {
          if (progress.settled) return;
          progress.settled = true;
          clearTimeout(progress.timer);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      });
      request.end(exchange.body, () => {
        progress.sent = true;
      });
    });
  }

  /** Releases pooled sockets (tests, and processes that want to exit promptly). */
  close(): void {
    this.pooled?.destroy();
    this.single?.destroy();
    this.pooled = undefined;
    this.single = undefined;
  }

  private agent(keepAlive: boolean): Agent {
    const https = require("node:https") as typeof import("node:https");
    const tls = require("node:tls") as typeof import("node:tls");
    const ca = this.caCert === undefined ? undefined : [...tls.rootCertificates, this.caCert];
    if (keepAlive) {
      this.pooled ??= new https.Agent({ keepAlive: true, maxSockets: 16, ...(ca ? { ca } : {}) });
      return this.pooled;
    }
    this.single ??= new https.Agent({ keepAlive: false, ...(ca ? { ca } : {}) });
    return this.single;
  }
}
