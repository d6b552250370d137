import {
  closeSharedRestClients,
  sharedRestClient,
  type RestClient,
} from "../../databricks-client/rest";
import { resolveSettings } from "../../databricks-client/settings";
import {
  closeSharedSqlRunners,
  sharedSqlRunner,
  type SqlRunner,
} from "../../databricks-client/sql-session";
import { Day2Error } from "./exit-codes";
import type { StackContext } from "./stack-context";
import {
  SettingsError,
  type ConnectionSettings,
} from "../../databricks-client/connection-settings";

/**
 * The command's way to Databricks, through the same client the dynamic providers use:
 * settings resolved once (command-line overrides > stack file > DATABRICKS_* environment >
 * ~/.databrickscfg), one REST client and one SQL session for the whole run, closed at the end.
 * Nothing connects until a command asks for it.
 */

export interface ConnectionOverrides {
  host?: string;
  warehouseId?: string;
}

/** Stack keys whose values the overrides replace. */
const OVERRIDE_KEYS = {
  host: "databricks:host",
  warehouseId: "model-monitoring:warehouseId",
} as const;

export class Day2Connection {
  private resolved?: ConnectionSettings;
  private statements = 0;

  constructor(
    private readonly context: StackContext,
    private readonly env: Record<string, string | undefined>,
    private readonly overrides: ConnectionOverrides = {},
  ) {}

  settings(): ConnectionSettings {
    if (this.resolved !== undefined) return this.resolved;
    const config: Record<string, string> = { ...this.context.config };
    for (const [option, key] of Object.entries(OVERRIDE_KEYS)) {
      const value = this.overrides[option as keyof ConnectionOverrides];
      if (value !== undefined) config[key] = value;
    }
    try {
      this.resolved = resolveSettings({ config: (key) => config[key], env: this.env });
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      throw new Day2Error("settings", error.message, this.secretHints());
    }
    return this.resolved;
  }

  rest(): RestClient {
    return sharedRestClient(this.settings());
  }

  /** The run's SQL session (opened on the first statement), counting what this command sends. */
  sql(): SqlRunner {
    let runner: SqlRunner;
    try {
      runner = sharedSqlRunner(this.settings());
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      throw new Day2Error("settings", error.message);
    }
    return {
      execute: (sql, parameters) => {
        this.statements += 1;
        return runner.execute(sql, parameters);
      },
      stats: () => ({ ...runner.stats(), statementsExecuted: this.statements }),
    };
  }

  /** Where the credentials came from ("environment variable DATABRICKS_TOKEN"), once resolved. */
  credentialsSource(): string | undefined {
    return this.resolved?.sources.auth;
  }

  /** SQL statements this command sent. */
  statementsSent(): number {
    return this.statements;
  }

  /** Ends the SQL session and releases pooled connections, so the process can exit at once. */
  async close(): Promise<void> {
    if (this.resolved === undefined) return;
    await closeSharedSqlRunners();
    closeSharedRestClients();
  }

  /** Encrypted stack values cannot be read outside Pulumi: say where else to put them. */
  private secretHints(): string[] {
    return this.context.secretKeys
      .filter((key) => key.startsWith("databricks:"))
      .map((key) => {
        const name = key
          .slice("databricks:".length)
          .replace(/([A-Z])/g, "_$1")
          .toUpperCase();
        const variable = `DATABRICKS_${name}`;
        return (
          `${key} is encrypted in Pulumi.${this.context.stack}.yaml and cannot be read here: set ` +
          `${variable}, e.g. ${variable}="$(pulumi config get ${key} --stack ${this.context.stack})"`
        );
      });
  }
}
