import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY,
  SettingsError,
  type ConnectionSettings,
  type DatabricksAuth,
} from "./connection-settings";
import { readProfile, type Profile } from "./databrickscfg";

export interface SettingsSource {
  /** Pulumi config lookup by full key ("databricks:host"), e.g. configure()'s req.config.get. */
  config?: (key: string) => string | undefined;
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Where ~/.databrickscfg lives. Default: os.homedir(). */
  homeDir?: string;
}

type Attribute =
  | "host"
  | "token"
  | "clientId"
  | "clientSecret"
  | "authType"
  | "warehouseId"
  | "retryTimeoutSeconds"
  | "httpTimeoutSeconds";

/** The same attribute in each layer: Pulumi config key, environment variable, profile key. */
const NAMES: Record<Attribute, { config: string; env?: string; profile: string }> = {
  host: { config: "databricks:host", env: "DATABRICKS_HOST", profile: "host" },
  token: { config: "databricks:token", env: "DATABRICKS_TOKEN", profile: "token" },
  clientId: { config: "databricks:clientId", env: "DATABRICKS_CLIENT_ID", profile: "client_id" },
  clientSecret: {
    config: "databricks:clientSecret",
    env: "DATABRICKS_CLIENT_SECRET",
    profile: "client_secret",
  },
  authType: { config: "databricks:authType", env: "DATABRICKS_AUTH_TYPE", profile: "auth_type" },
  warehouseId: {
    config: "model-monitoring:warehouseId",
    env: "DATABRICKS_WAREHOUSE_ID",
    profile: "warehouse_id",
  },
  retryTimeoutSeconds: {
    config: "databricks:retryTimeoutSeconds",
    profile: "retry_timeout_seconds",
  },
  httpTimeoutSeconds: { config: "databricks:httpTimeoutSeconds", profile: "http_timeout_seconds" },
};

interface Found {
  value: string;
  /** 0 config, 1 environment, 2 profile: lower wins. */
  level: number;
  where: string;
}

/**
 * Resolves where and how to reach Databricks. Each attribute is looked up on its own:
 * explicit config keys > DATABRICKS_* environment > ~/.databrickscfg profile
 * (DATABRICKS_CONFIG_PROFILE / DATABRICKS_CONFIG_FILE, or databricks:profile / configFile).
 * Throws SettingsError with what to set when something is missing or contradictory.
 */
export function resolveSettings(source: SettingsSource): ConnectionSettings {
  const env = source.env ?? process.env;
  const config = source.config ?? (() => undefined);
  const profile = profileFor(config, env, source.homeDir);
  const find = (attribute: Attribute): Found | undefined => lookup(attribute, config, env, profile);

  const host = find("host");
  if (host === undefined) {
    throw new SettingsError(
      "No Databricks workspace host: set the Pulumi config databricks:host, the environment " +
        "variable DATABRICKS_HOST, or host in a ~/.databrickscfg profile.",
    );
  }
  const normalizedHost = normalizeHost(host.value, host.where);
  const { auth, where } = chooseAuth(find);
  if (where.level === 2 && profile !== undefined && host.level !== 2) {
    // A profile's credentials belong to the profile's workspace: never send them elsewhere.
    const profileHost = profile.values.get("host");
    if (profileHost && normalizeHost(profileHost, where.where) !== normalizedHost) {
      throw new SettingsError(
        `The credentials found in ${where.where} are for ${profileHost}, but the host is ` +
          `${normalizedHost} (from ${host.where}). Set credentials for that host explicitly.`,
      );
    }
  }

  const caCert = caCertFrom(config);
  const warehouseId = find("warehouseId")?.value;
  const retryTimeout = seconds(find("retryTimeoutSeconds"));
  const httpTimeout = seconds(find("httpTimeoutSeconds"));
  return {
    host: normalizedHost,
    auth,
    ...(caCert === undefined ? {} : { caCert }),
    ...(warehouseId === undefined ? {} : { warehouseId }),
    retry: {
      ...DEFAULT_RETRY,
      ...(retryTimeout === undefined ? {} : { totalBudgetMs: retryTimeout }),
    },
    requestTimeoutMs: httpTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    sources: { host: host.where, auth: where.where },
  };
}

/** "adb-1.azuredatabricks.net" -> "https://adb-1.azuredatabricks.net"; keeps a port, drops a path. */
export function normalizeHost(raw: string, where = "the host setting"): string {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new SettingsError(`Invalid Databricks host "${raw}" (from ${where})`);
  }
  if (url.protocol !== "https:") {
    throw new SettingsError(
      `Databricks host "${raw}" (from ${where}) must use https: Databricks only serves HTTPS`,
    );
  }
  return url.origin;
}

function profileFor(
  config: (key: string) => string | undefined,
  env: Record<string, string | undefined>,
  homeDir: string | undefined,
): Profile | undefined {
  const path = require("node:path") as typeof import("node:path");
  const os = require("node:os") as typeof import("node:os");
  const home = homeDir ?? os.homedir();
  const explicitName =
    present(config("databricks:profile")) ?? present(env.DATABRICKS_CONFIG_PROFILE);
  const rawFile =
    present(config("databricks:configFile")) ??
    present(env.DATABRICKS_CONFIG_FILE) ??
    path.join(home, ".databrickscfg");
  const file = rawFile.startsWith("~") ? path.join(home, rawFile.slice(1)) : rawFile;
  try {
    return readProfile(file, explicitName);
  } catch (error) {
    throw new SettingsError((error as Error).message);
  }
}

function lookup(
  attribute: Attribute,
  config: (key: string) => string | undefined,
  env: Record<string, string | undefined>,
  profile: Profile | undefined,
): Found | undefined {
  const names = NAMES[attribute];
  const fromConfig = present(config(names.config));
  if (fromConfig !== undefined) {
    return { value: fromConfig, level: 0, where: `Pulumi config ${names.config}` };
  }
  const fromEnv = names.env === undefined ? undefined : present(env[names.env]);
  if (fromEnv !== undefined) {
    return { value: fromEnv, level: 1, where: `environment variable ${names.env}` };
  }
  const fromProfile = present(profile?.values.get(names.profile));
  if (fromProfile !== undefined && profile !== undefined) {
    return {
      value: fromProfile,
      level: 2,
      where: `profile ${profile.name} (${names.profile}) in ${profile.file}`,
    };
  }
  return undefined;
}

/**
 * PAT or OAuth M2M. An auth type setting decides when given; otherwise whichever is set, and
 * when both are, the one from the higher-precedence layer (equal layers: ask to choose).
 */
function chooseAuth(find: (attribute: Attribute) => Found | undefined): {
  auth: DatabricksAuth;
  where: Found;
} {
  const authType = find("authType");
  const token = find("token");
  const clientId = find("clientId");
  const clientSecret = find("clientSecret");
  const m2m =
    clientId && clientSecret
      ? {
          auth: {
            kind: "oauth-m2m" as const,
            clientId: clientId.value,
            clientSecret: clientSecret.value,
          },
          where: {
            ...clientSecret,
            level: Math.max(clientId.level, clientSecret.level),
            where: `${clientId.where} and ${clientSecret.where}`,
          },
        }
      : undefined;
  const pat = token
    ? { auth: { kind: "pat" as const, token: token.value }, where: token }
    : undefined;

  if (authType !== undefined) {
    const kind = authType.value.toLowerCase();
    if (kind === "pat" && pat) return pat;
    if (kind === "oauth-m2m" && m2m) return m2m;
    if (kind === "pat" || kind === "oauth-m2m") {
      throw new SettingsError(
        `${authType.where} asks for ${kind} authentication, but ${
          kind === "pat" ? "no token is set" : "the OAuth client id and secret are not both set"
        }.`,
      );
    }
    throw new SettingsError(
      `Unsupported Databricks auth type "${authType.value}" (from ${authType.where}): ` +
        `this project supports "pat" and "oauth-m2m".`,
    );
  }
  if (pat && m2m) {
    if (pat.where.level < m2m.where.level) return pat;
    if (m2m.where.level < pat.where.level) return m2m;
    throw new SettingsError(
      `Both a token (${pat.where.where}) and OAuth client credentials (${m2m.where.where}) are ` +
        `set: choose one with databricks:authType or DATABRICKS_AUTH_TYPE ("pat" or "oauth-m2m").`,
    );
  }
  if (pat) return pat;
  if (m2m) return m2m;
  if (clientId || clientSecret) {
    const has = (clientId ?? clientSecret) as Found;
    throw new SettingsError(
      `OAuth M2M needs a client id and a client secret, but only ${has.where} is set ` +
        `(also set databricks:${clientId ? "clientSecret" : "clientId"} or ` +
        `DATABRICKS_CLIENT_${clientId ? "SECRET" : "ID"}).`,
    );
  }
  throw new SettingsError(
    "No Databricks credentials: set databricks:token (pulumi config set --secret) or " +
      "DATABRICKS_TOKEN, or databricks:clientId + databricks:clientSecret or " +
      "DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET (OAuth M2M), or use a ~/.databrickscfg profile.",
  );
}

function caCertFrom(config: (key: string) => string | undefined): string | undefined {
  const inline = present(config("model-monitoring:caCert"));
  const path = present(config("model-monitoring:caCertPath"));
  let pem = inline;
  if (pem === undefined && path !== undefined) {
    const fs = require("node:fs") as typeof import("node:fs");
    try {
      pem = fs.readFileSync(path, "utf8");
    } catch (error) {
      throw new SettingsError(
        `Cannot read the CA certificate ${path} (model-monitoring:caCertPath): ${(error as Error).message}`,
      );
    }
  }
  if (pem !== undefined && !pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new SettingsError(
      `The CA certificate from model-monitoring:${inline === undefined ? "caCertPath" : "caCert"} is not PEM (no BEGIN CERTIFICATE line)`,
    );
  }
  return pem;
}

function seconds(found: Found | undefined): number | undefined {
  if (found === undefined) return undefined;
  const value = Number(found.value);
  if (!Number.isFinite(value) || value <= 0) {
    throw new SettingsError(
      `${found.where} must be a positive number of seconds, got "${found.value}"`,
    );
  }
  return value * 1000;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}
