import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { testCertificate } from "./tls";

/**
 * A real workspace serves its REST API and its SQL warehouses (`/sql/1.0/warehouses/<id>`) on
 * one host. The two stand-ins listen on two ports; this HTTPS front on a third port routes each
 * request to the right one, so the commands get one ordinary host setting, as in production.
 * Both stand-ins (and this front) use the tests' one certificate, so one CA is trusted.
 */
export interface OneHost {
  url: string;
  port: number;
  caCert: string;
  close(): Promise<void>;
}

/**
 * What the front does with a SQL request's credentials: forward them as they are (undefined),
 * forward the warehouse's own token instead (an identity the workspace knows), or refuse.
 */
export type SqlAccess = (
  authorization: string | undefined,
) => { authorization: string } | { refuse: 401 | 403 } | undefined;

export async function startOneHost(targets: {
  workspace: string;
  warehouse: string;
  /**
   * One identity system for both, as in a real workspace: lets every identity the fake
   * workspace accepts (PATs, OAuth tokens it issued) run statements, or refuses one that may
   * not use the warehouse. Without it, only the warehouse's own token works.
   */
  sqlAccess?: SqlAccess;
}): Promise<OneHost> {
  const { cert, key } = await testCertificate();
  const server = https.createServer({ cert, key }, (request, response) => {
    const isSql = (request.url ?? "/").startsWith("/sql/");
    const target = new URL(isSql ? targets.warehouse : targets.workspace);
    const access = isSql ? targets.sqlAccess?.(request.headers.authorization) : undefined;
    if (access !== undefined && "refuse" in access) {
      request.resume();
      response.writeHead(access.refuse, { "Content-Type": "text/plain" });
      response.end(
        access.refuse === 403 ? "Forbidden: may not use this warehouse" : "Unauthorized",
      );
      return;
    }
    const upstream = https.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: {
          ...request.headers,
          host: target.host,
          ...(access === undefined ? {} : { authorization: access.authorization }),
        },
        ca: cert,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    // A stand-in that drops the connection (a fault) drops this one too.
    upstream.on("error", () => response.destroy());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caCert: cert,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
