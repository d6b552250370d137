import { DBSQLClient } from "@databricks/sql";
import type {
  ConnectionOptions,
  OpenSessionRequest,
} from "@databricks/sql/dist/contracts/IDBSQLClient";
import type IDBSQLSession from "@databricks/sql/dist/contracts/IDBSQLSession";
import type { ExecuteStatementOptions } from "@databricks/sql/dist/contracts/IDBSQLSession";
import type { LocalWarehouse } from "./index";

/** A driver logger that keeps test output clean. */
export const quietLogger = { log: (): void => undefined };

export interface DriverSession {
  client: DBSQLClient;
  session: IDBSQLSession;
  /** executeStatement + fetchAll + close. */
  run(sql: string, options?: ExecuteStatementOptions): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/**
 * Connects the real `@databricks/sql` driver to a local warehouse and opens a session, with
 * `retryMaxAttempts: 1` unless overridden (the driver otherwise retries 5xx for minutes).
 */
export async function openDriverSession(
  warehouse: LocalWarehouse,
  options: { connect?: Partial<ConnectionOptions>; session?: OpenSessionRequest } = {},
): Promise<DriverSession> {
  const client = new DBSQLClient({ logger: quietLogger });
  client.on("error", () => undefined);
  await client.connect({
    ...warehouse.connectionOptions(),
    retryMaxAttempts: 1,
    ...options.connect,
  } as ConnectionOptions);
  const session = await client.openSession(options.session);
  return {
    client,
    session,
    async run(sql, executeOptions) {
      const operation = await session.executeStatement(sql, executeOptions);
      try {
        return (await operation.fetchAll()) as Array<Record<string, unknown>>;
      } finally {
        await operation.close();
      }
    },
    async close() {
      await session.close();
      await client.close();
    },
  };
}
