/**
 * What a connection to a workspace needs: host, credentials, CA, warehouse and retry policy.
 * Where each value comes from (stack config, environment, ~/.databrickscfg) is settings.ts.
 */

export type DatabricksAuth =
  { kind: "pat"; token: string } | { kind: "oauth-m2m"; clientId: string; clientSecret: string };

export interface RetryPolicy {
  /** Wall-clock budget for one call including all its retries and waits. */
  totalBudgetMs: number;
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Backoff floor and ceiling between attempts (a server's Retry-After takes precedence). */
  minDelayMs: number;
  maxDelayMs: number;
}

export interface ConnectionSettings {
  /** Normalized "https://host[:port]" (a bare host gets https://). */
  host: string;
  auth: DatabricksAuth;
  /** PEM, for private CAs (and the tests' self-signed stand-ins); added to the public roots. */
  caCert?: string;
  warehouseId?: string;
  retry: RetryPolicy;
  /** One HTTP exchange, connect to last byte; a slower one is abandoned and retried. */
  requestTimeoutMs: number;
  /** Where host and credentials came from, for error messages. Never the values. */
  sources: { host: string; auth: string };
}

/**
 * Close to the Databricks SDKs (Go: 5 min budget, 1-10 s steps, 60 s HTTP timeout), with a
 * shorter first step: connection resets are usually over at once.
 */
export const DEFAULT_RETRY: RetryPolicy = {
  totalBudgetMs: 300_000,
  maxAttempts: 10,
  minDelayMs: 250,
  maxDelayMs: 10_000,
};
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.message = message; // see SERIALIZED_ERRORS in errors.ts
    this.name = "SettingsError";
  }
}
