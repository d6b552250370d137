import { generate } from "selfsigned";

/** A server certificate for 127.0.0.1/localhost; `cert` doubles as the CA clients must trust. */
export interface TestCertificate {
  cert: string;
  key: string;
}

let cached: Promise<TestCertificate> | undefined;

/**
 * Generates (once per process) a self-signed EC certificate valid for the loopback names.
 * EC keys are used because generating them takes milliseconds, which keeps stand-in start-up
 * well under a second.
 */
export function testCertificate(): Promise<TestCertificate> {
  cached ??= generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return cached;
}
