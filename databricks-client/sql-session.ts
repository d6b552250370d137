import type { ConnectionOptions } from "@databricks/sql/dist/contracts/IDBSQLClient";
import type IDBSQLSession from "@databricks/sql/dist/contracts/IDBSQLSession";
import type { DBSQLClient } from "@databricks/sql";
import { parseRetryAfter } from "./backoff";
import { scrub } from "./errors";
import { sharedRestClient, settingsIdentity } from "./rest";
import { withRetries, type FailureVerdict } from "./retry";
import { SettingsError, type ConnectionSettings } from "./settings";

export interface SqlRunner {
  /** Runs one statement; values only through named parameters (`:name`). Rows as objects. */
  execute<T = Record<string, unknown>>(
    sql: string,
    namedParameters?: Record<string, unknown>,
  ): Promise<T[]>;
  stats(): { sessionsOpened: number; statementsExecuted: number };
}

interface OpenSession {
  client: DBSQLClient;
  session: IDBSQLSession;
}

/**
 * Statements on the warehouse through @databricks/sql (Thrift over HTTPS), one session per
 * connection settings, opened on first use and reused. Retries, within the settings' budget:
 * the driver's own for calls that are safe to repeat; ours for a statement or session the
 * warehouse refused (429/503) and for transient failures while opening a session; and a
 * statement whose session the server no longer knows (warehouse restarted, session expired)
 * is sent once more on a new session: it never ran.
 */
class DriverSqlRunner implements SqlRunner {
  private opening?: Promise<OpenSession>;
  private current?: OpenSession;
  private readonly counts = { sessionsOpened: 0, statementsExecuted: 0 };

  constructor(private readonly settings: ConnectionSettings & { warehouseId: string }) {}

  async execute<T = Record<string, unknown>>(
    sql: string,
    namedParameters?: Record<string, unknown>,
  ): Promise<T[]> {
    try {
      return await withRetries(
        this.settings.retry,
        () => this.executeOnce<T>(sql, namedParameters),
        verdictOf,
      );
    } catch (error) {
      throw sqlError(error, this.settings);
    }
  }

  private async executeOnce<T>(
    sql: string,
    namedParameters?: Record<string, unknown>,
  ): Promise<T[]> {
    for (let attempt = 1; ; attempt++) {
      const open = await this.open();
      try {
        this.counts.statementsExecuted += 1;
        const operation = await open.session.executeStatement(sql, {
          ...(namedParameters === undefined
            ? {}
            : { namedParameters: namedParameters as Record<string, never> }),
        });
        try {
          return (await operation.fetchAll()) as T[];
        } finally {
          await operation.close().catch(() => undefined);
        }
      } catch (error) {
        if (isLostSession(error)) {
          this.discard(open);
          if (attempt === 1) continue;
        } else if (!isStatementError(error) && refusedStatus(error) === undefined) {
          // The connection, not the SQL, failed: start afresh next time.
          this.discard(open);
        }
        throw error;
      }
    }
  }

  stats(): { sessionsOpened: number; statementsExecuted: number } {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    this.current = undefined;
    if (opening === undefined) return;
    const open = await opening.catch(() => undefined);
    await open?.session.close().catch(() => undefined);
    await open?.client.close().catch(() => undefined);
  }

  private open(): Promise<OpenSession> {
    this.opening ??= this.connect().catch((error: unknown) => {
      // A failed connect is not cached: the next attempt tries again.
      this.opening = undefined;
      throw new ConnectFailure(error);
    });
    return this.opening;
  }

  private async connect(): Promise<OpenSession> {
    const { DBSQLClient, auth } = require("@databricks/sql") as typeof import("@databricks/sql");
    const settings = this.settings;
    const url = new URL(settings.host);
    const client = new DBSQLClient({ logger: { log: () => undefined } });
    // The client re-emits connection errors as events; unheard, they would crash the process.
    client.on("error", () => undefined);
    const credentials =
      settings.auth.kind === "pat"
        ? { token: settings.auth.token }
        : {
            // The same OAuth token as the REST client. The driver's own "databricks-oauth"
            // looks for the OIDC endpoint on port 443 whatever port the host has.
            authType: "token-provider" as const,
            tokenProvider: {
              getName: () => "model-monitoring-oauth-m2m",
              getToken: async () => {
                const { token, expiresAt } = await sharedRestClient(settings).bearerToken();
                return new auth.Token(
                  token,
                  expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt) },
                );
              },
            },
          };
    const options: ConnectionOptions = {
      host: url.hostname,
      port: url.port === "" ? 443 : Number(url.port),
      path: `/sql/1.0/warehouses/${settings.warehouseId}`,
      ...(settings.caCert === undefined ? {} : { customCaCert: settings.caCert }),
      telemetryEnabled: false,
      userAgentEntry: "model-monitoring",
      retryMaxAttempts: settings.retry.maxAttempts,
      retriesTimeout: settings.retry.totalBudgetMs,
      retryDelayMin: settings.retry.minDelayMs,
      retryDelayMax: settings.retry.maxDelayMs,
      ...credentials,
    };
    try {
      await client.connect(options);
      const session = await client.openSession();
      this.counts.sessionsOpened += 1;
      this.current = { client, session };
      return this.current;
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  /** Forgets this session (unless a newer one replaced it already) and closes it quietly. */
  private discard(open: OpenSession): void {
    if (this.current === open) {
      this.current = undefined;
      this.opening = undefined;
    }
    void open.session.close().catch(() => undefined);
    void open.client.close().catch(() => undefined);
  }
}

/** Opening the session failed: nothing ran, so any transient cause may be retried. */
class ConnectFailure extends Error {
  constructor(override readonly cause: unknown) {
    const message = String((cause as Error)?.message ?? cause);
    super(message);
    this.message = message; // see SERIALIZED_ERRORS in errors.ts
    this.name = "ConnectFailure";
  }
}

const TRANSIENT_NETWORK_CODES: readonly string[] = [
  "ECONNRESET",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
];

/**
 * The driver itself retries only calls that are safe to repeat (status polls, fetch of
 * metadata, close); ExecuteStatement and OpenSession it does not. A 429 or 503 means the
 * warehouse refused the call without running it (or is starting up), so it is safe to send
 * again; so is anything transient while opening a session.
 */
function verdictOf(error: unknown): FailureVerdict {
  const refused = refusedStatus(error instanceof ConnectFailure ? error.cause : error);
  if (refused !== undefined) return refused;
  if (error instanceof ConnectFailure) {
    const code = (error.cause as { code?: unknown })?.code;
    return { retryable: typeof code === "string" && TRANSIENT_NETWORK_CODES.includes(code) };
  }
  return { retryable: false };
}

/** For an HTTP 429/503 from the warehouse: retryable, with its Retry-After. */
function refusedStatus(error: unknown): FailureVerdict | undefined {
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (status !== 429 && status !== 503) return undefined;
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | null } } })
    .response?.headers;
  const retryAfterMs = parseRetryAfter(headers?.get?.("retry-after") ?? undefined);
  return retryAfterMs === undefined ? { retryable: true } : { retryable: true, retryAfterMs };
}

/** Thrift INVALID_HANDLE on the session: the server does not know it (any more). */
function isLostSession(error: unknown): boolean {
  return /Invalid SessionHandle/i.test(String((error as Error)?.message ?? ""));
}

/**
 * How the warehouse ended a statement, for the driver's OperationStateError: "ERROR" (the SQL
 * was rejected), "CANCELED", "CLOSED", "TIMEOUT" or "UNKNOWN" (it ended without an answer: a
 * stopped warehouse, an admin's cancel, a query timeout). Undefined for any other failure.
 * Matched by name: the driver's class is not exported from its package root.
 */
export function operationEndState(error: unknown): string | undefined {
  const named =
    (error as { name?: unknown })?.name === "OperationStateError" ||
    (error as { constructor?: { name?: string } })?.constructor?.name === "OperationStateError";
  if (!named) return undefined;
  const code = (error as { errorCode?: unknown }).errorCode;
  return typeof code === "string" ? code : "UNKNOWN";
}

/** The statement reached the warehouse and ended there: the session is fine. */
function isStatementError(error: unknown): boolean {
  return operationEndState(error) !== undefined;
}

/** "SQL on warehouse <id> failed: <driver message>", never with a credential in it. */
function sqlError(error: unknown, settings: ConnectionSettings & { warehouseId: string }): Error {
  const secrets =
    settings.auth.kind === "pat" ? [settings.auth.token] : [settings.auth.clientSecret];
  const message = scrub(String((error as Error)?.message ?? error), secrets);
  if (error instanceof ConnectFailure) error = error.cause;
  const wrapped = new Error(`SQL on warehouse ${settings.warehouseId} failed: ${message}`);
  (wrapped as Error & { cause?: unknown }).cause = error;
  return wrapped;
}

/**
 * The SQL runner for these settings, shared by everything in this process (one session per
 * settings identity). Kept on globalThis so no serialized provider can capture it.
 */
export function sharedSqlRunner(settings: ConnectionSettings): SqlRunner {
  const warehouseId = settings.warehouseId;
  if (warehouseId === undefined || warehouseId === "") {
    throw new SettingsError(
      "No SQL warehouse: set the Pulumi config model-monitoring:warehouseId, the environment " +
        "variable DATABRICKS_WAREHOUSE_ID, or warehouse_id in the ~/.databrickscfg profile.",
    );
  }
  const runners = sharedRunners();
  const key = settingsIdentity(settings);
  let runner = runners.get(key);
  if (runner === undefined) {
    runner = new DriverSqlRunner({ ...settings, warehouseId });
    runners.set(key, runner);
  }
  return runner;
}

/** Closes every shared session (tests; a process that wants to exit promptly). */
export async function closeSharedSqlRunners(): Promise<void> {
  const runners = sharedRunners();
  const all = [...runners.values()];
  runners.clear();
  await Promise.all(all.map((runner) => runner.close()));
}

function sharedRunners(): Map<string, DriverSqlRunner> {
  const key = Symbol.for("model-monitoring.databricks-sql-runners");
  const holder = globalThis as unknown as Record<symbol, Map<string, DriverSqlRunner> | undefined>;
  let runners = holder[key];
  if (runners === undefined) {
    runners = new Map();
    holder[key] = runners;
  }
  return runners;
}
