import type { FakeWorkspace } from "../support/fake-workspace";
import type { ConnectionSettings, RetryPolicy } from "../../databricks-client/connection-settings";

/** Small delays so retry tests take milliseconds; the budget still bounds them. */
export const FAST_RETRY: RetryPolicy = {
  totalBudgetMs: 5_000,
  maxAttempts: 6,
  minDelayMs: 10,
  maxDelayMs: 50,
};

/** Connection settings for the fake workspace, as resolveSettings would give them. */
export function settingsFor(
  fake: FakeWorkspace,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  return {
    host: fake.url,
    auth: { kind: "pat", token: fake.token },
    caCert: fake.caCert,
    retry: FAST_RETRY,
    requestTimeoutMs: 2_000,
    sources: { host: "test", auth: "test PAT" },
    ...overrides,
  };
}

export function oauthSettingsFor(
  fake: FakeWorkspace,
  overrides: Partial<ConnectionSettings> = {},
): ConnectionSettings {
  return settingsFor(fake, {
    auth: { kind: "oauth-m2m", clientId: fake.clientId, clientSecret: fake.clientSecret },
    sources: { host: "test", auth: "test OAuth client" },
    ...overrides,
  });
}

/** What a provider's configure() receives: the whole stack config, full keys. */
export function configureRequest(config: Record<string, string>): {
  config: { get(key: string): string | undefined; require(key: string): string };
} {
  return {
    config: {
      get: (key) => config[key],
      require: (key) => {
        const value = config[key];
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  };
}

export function stackConfigFor(fake: FakeWorkspace): Record<string, string> {
  return {
    "databricks:host": fake.url,
    "databricks:token": fake.token,
    "model-monitoring:caCert": fake.caCert,
    "model-monitoring:warehouseId": "0123456789abcdef",
  };
}

/** Sets (or, with undefined, removes) environment variables; returns what puts them back. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(vars);
  return () => apply(before);
}
