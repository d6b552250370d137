import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionSettings } from "../../databricks-client/connection-settings";
import { resolveSettings } from "../../databricks-client/settings";
import { processRegistry } from "../../databricks-client/process-registry";

/** The stack config keys the providers use; configure() keeps these and nothing else. */
export const PROVIDER_CONFIG_KEYS = [
  "databricks:host",
  "databricks:token",
  "databricks:clientId",
  "databricks:clientSecret",
  "databricks:authType",
  "databricks:profile",
  "databricks:configFile",
  "databricks:retryTimeoutSeconds",
  "databricks:httpTimeoutSeconds",
  "model-monitoring:warehouseId",
  "model-monitoring:caCert",
  "model-monitoring:caCertPath",
] as const;

interface Entry {
  config: Record<string, string>;
  settings?: ConnectionSettings;
}

/**
 * Call from a provider's `configure(req)`: `rememberConfiguration(this, req)`.
 *
 * The values are kept in a process-wide registry keyed by the provider object, never on the
 * object itself: whatever hangs off a provider object is serialized into `__provider` (and so
 * into state) if that object is ever serialized after configure() ran, e.g. in a test process.
 */
export function rememberConfiguration(
  provider: object,
  req: pulumi.dynamic.ConfigureRequest,
): void {
  const config: Record<string, string> = {};
  for (const key of PROVIDER_CONFIG_KEYS) {
    const value = req.config.get(key);
    if (value !== undefined) config[key] = value;
  }
  registry().set(provider, { config });
}

/**
 * Connection settings for a provider method: from configure() when the engine called it
 * (Pulumi >= 3.139), then DATABRICKS_* environment, then ~/.databrickscfg. Resolved on first
 * use, so `check` and `diff` (which run in previews without credentials) never need them.
 */
export function connectionSettingsFor(provider: object): ConnectionSettings {
  const entries = registry();
  let entry = entries.get(provider);
  if (entry === undefined) {
    entry = { config: {} };
    entries.set(provider, entry);
  }
  if (entry.settings === undefined) {
    const config = entry.config;
    entry.settings = resolveSettings({ config: (key) => config[key], env: process.env });
  }
  return entry.settings;
}

function registry(): WeakMap<object, Entry> {
  return processRegistry("dynamic-provider-configuration", () => new WeakMap<object, Entry>());
}
