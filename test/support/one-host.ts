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

export async function startOneHost(targets: {
  workspace: string;
  warehouse: string;
}): Promise<OneHost> {
  const { cert, key } = await testCertificate();
  const server = https.createServer({ cert, key }, (request, response) => {
    const target = new URL(
      (request.url ?? "/").startsWith("/sql/") ? targets.warehouse : targets.workspace,
    );
    const upstream = https.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
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
