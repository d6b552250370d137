import type { IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * A small HTTPS client for the fake's own tests: node:https with the fake's CA, one fresh
 * connection per request (so a reset never poisons a pooled socket), JSON in and out.
 * It is deliberately not the project's REST client: it has no retries and hides nothing.
 */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. Typed loosely for terse assertions. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface TestRequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as-is (e.g. malformed JSON, or a form); overrides `body`. */
  rawBody?: string;
  /** Sent as application/x-www-form-urlencoded; overrides `body`. */
  form?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** Bearer token for this request; null sends no Authorization header. */
  token?: string | null;
  /** HTTP Basic credentials (sent instead of the bearer token). */
  basicAuth?: { user: string; password: string };
}

export class TestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly caCert: string,
    private readonly token?: string,
  ) {}

  get(path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request("GET", path, options);
  }

  post(path: string, body?: unknown, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request("POST", path, { ...options, body });
  }

  put(path: string, body?: unknown, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request("PUT", path, { ...options, body });
  }

  patch(path: string, body?: unknown, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request("PATCH", path, { ...options, body });
  }

  delete(path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    return this.request("DELETE", path, options);
  }

  request(method: string, path: string, options: TestRequestOptions = {}): Promise<TestResponse> {
    const url = new URL(path, this.baseUrl);
    for (const [key, value] of Object.entries(options.query ?? {}))
      url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    let payload: string | undefined;
    if (options.rawBody !== undefined) payload = options.rawBody;
    else if (options.form !== undefined) {
      payload = new URLSearchParams(options.form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers["Content-Type"] = "application/json";
    }
    if (payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload));
    if (options.basicAuth !== undefined) {
      const { user, password } = options.basicAuth;
      const encoded = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
      headers.Authorization = `Basic ${Buffer.from(encoded).toString("base64")}`;
    } else {
      const token = options.token === undefined ? this.token : options.token;
      if (token != null) headers.Authorization = `Bearer ${token}`;
    }

    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, { method, headers, ca: this.caCert, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            body: parseJson(text),
          });
        });
      });
      req.on("error", reject);
      req.end(payload);
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** A client for `fake` that sends its PAT (pass `token: null` per request to send none). */
export function clientFor(fake: { url: string; caCert: string; token: string }): TestClient {
  return new TestClient(fake.url, fake.caCert, fake.token);
}

/** Polls `read` until `done` holds (or throws after `timeoutMs`); returns the last value. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 5000, intervalMs = 10 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`waitFor timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
