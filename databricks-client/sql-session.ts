import type { ConnectionOptions } from "@databricks/sql/dist/contracts/IDBSQLClient";
import type IDBSQLSession from "@databricks/sql/dist/contracts/IDBSQLSession";
import type { DBSQLClient } from "@databricks/sql";
import { scrub } from "./errors";
import { processRegistry } from "./process-registry";
import { sharedRestClient, settingsIdentity } from "./rest";
import { withRetries } from "./retry";
import { SettingsError, type ConnectionSettings } from "./connection-settings";
import { describeSqlFailure, isLostSession, RunnerClosedError, sqlVerdict } from "./sql-failures";

export { operationEndState } from "./sql-failures";

export interface SqlRunner {
  /**
   * Runs one statement; values only through named parameters (`:name`). Rows as objects.
   * The statement must be idempotent: it may be sent more than once (after a lost answer).
   */
  execute<T = Record<string, unknown>>(
    sql: string,
    namedParameters?: Record<string, unknown>,
  ): Promise<T[]>;
  stats(): { sessionsOpened: number; statementsExecuted: number };
}

interface OpenSession {
  client: DBSQLClient;
  session: IDBSQLSession;
  /** Statements of this runner still running on it. */
  inFlight: number;
  /** Replaced (the warehouse lost it): closed once its last statement ends, never before. */
  retired: boolean;
}

/**
 * Statements on the warehouse through @databricks/sql (Thrift over HTTPS), one session per
 * connection settings, opened on first use and shared by every statement of the process.
 *
 * A failure of one statement never fails another: a broken connection is one HTTP exchange,
 * not the session, so the session stays; a session the warehouse lost is replaced, and the old
 * one is closed only once none of its statements is still running (closing a session in the
 * driver closes every operation on it). A statement is sent again, within the settings' retry
 * budget, after anything but its own SQL error (sql-failures.ts): every statement this project
 * sends is idempotent. The driver retries its own safe calls (status polls, close) too.
 */
class DriverSqlRunner implements SqlRunner {
  private opening?: Promise<OpenSession>;
  private closed = false;
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
        sqlVerdict,
      );
    } catch (error) {
      throw sqlError(error, this.settings);
    }
  }

  private async executeOnce<T>(
    sql: string,
    namedParameters?: Record<string, unknown>,
  ): Promise<T[]> {
    const open = await this.open();
    open.inFlight += 1;
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
      if (isLostSession(error)) this.retire(open);
      throw error;
    } finally {
      open.inFlight -= 1;
      if (open.retired && open.inFlight === 0) void closeQuietly(open);
    }
  }

  stats(): { sessionsOpened: number; statementsExecuted: number } {
    return { ...this.counts };
  }

  /** Ends the session; statements asked for afterwards fail with RunnerClosedError. */
  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    if (opening === undefined) return;
    const open = await opening.catch(() => undefined);
    if (open !== undefined) await closeQuietly(open);
  }

  private open(): Promise<OpenSession> {
    if (this.closed) return Promise.reject(new RunnerClosedError());
    const opening = (this.opening ??= this.connect());
    // A failed connect is not kept: the next attempt tries again.
    opening.catch(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
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
      socketTimeout: settings.requestTimeoutMs,
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
      return { client, session, inFlight: 0, retired: false };
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }

  /** The warehouse lost this session: later statements open a new one. */
  private retire(open: OpenSession): void {
    if (open.retired) return;
    open.retired = true;
    const opening = this.opening;
    void opening
      ?.then((current) => {
        if (current === open && this.opening === opening) this.opening = undefined;
      })
      .catch(() => undefined);
  }
}

/** Closes the session and its client, ignoring failures (the warehouse may not know it). */
async function closeQuietly(open: OpenSession): Promise<void> {
  await open.session.close().catch(() => undefined);
  await open.client.close().catch(() => undefined);
}

/** "SQL on warehouse <id> failed: <root cause>: <driver message>", never with a credential in it. */
function sqlError(error: unknown, settings: ConnectionSettings & { warehouseId: string }): Error {
  const secrets =
    settings.auth.kind === "pat" ? [settings.auth.token] : [settings.auth.clientSecret];
  const message = scrub(describeSqlFailure(error), secrets);
  const wrapped = new Error(`SQL on warehouse ${settings.warehouseId} failed: ${message}`);
  (wrapped as Error & { cause?: unknown }).cause = error;
  return wrapped;
}

/**
 * The SQL runner for these settings, shared by everything in this process (one session per
 * settings identity), in a process registry: no serialized provider can capture it.
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
  return processRegistry("databricks-sql-runners", () => new Map<string, DriverSqlRunner>());
}
