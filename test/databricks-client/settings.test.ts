import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseIni } from "../../databricks-client/databrickscfg";
import { normalizeHost, resolveSettings } from "../../databricks-client/settings";
import { DEFAULT_RETRY, SettingsError } from "../../databricks-client/connection-settings";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "databrickscfg-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const writeProfileFile = (text: string, name = ".databrickscfg"): string => {
  const file = join(home, name);
  writeFileSync(file, text);
  return file;
};
const configOf =
  (values: Record<string, string>) =>
  (key: string): string | undefined =>
    values[key];

const PROFILE = `
; written by the Databricks CLI
[DEFAULT]
host = https://profile-default.cloud.databricks.com
token = dapi-profile-default
warehouse_id = profilewarehouse

[staging]
host = profile-staging.cloud.databricks.com
client_id = sp-staging
client_secret = "staging-secret"
`;

describe("resolveSettings precedence: config > environment > profile", () => {
  it("takes each value from the highest layer that has it", () => {
    writeProfileFile(PROFILE);
    const settings = resolveSettings({
      config: configOf({ "databricks:host": "https://from-config.cloud.databricks.com" }),
      env: { DATABRICKS_HOST: "https://from-env.example", DATABRICKS_TOKEN: "dapi-env" },
      homeDir: home,
    });
    expect(settings.host).toBe("https://from-config.cloud.databricks.com");
    expect(settings.auth).toEqual({ kind: "pat", token: "dapi-env" });
    // Only the profile has a warehouse id.
    expect(settings.warehouseId).toBe("profilewarehouse");
    expect(settings.sources).toEqual({
      host: "Pulumi config databricks:host",
      auth: "environment variable DATABRICKS_TOKEN",
    });
  });

  it("uses the environment over the profile", () => {
    writeProfileFile(PROFILE);
    const settings = resolveSettings({
      env: { DATABRICKS_HOST: "from-env.cloud.databricks.com", DATABRICKS_TOKEN: "dapi-env" },
      homeDir: home,
    });
    expect(settings.host).toBe("https://from-env.cloud.databricks.com");
    expect(settings.auth).toEqual({ kind: "pat", token: "dapi-env" });
  });

  it("falls back to the DEFAULT profile of ~/.databrickscfg", () => {
    writeProfileFile(PROFILE);
    const settings = resolveSettings({ env: {}, homeDir: home });
    expect(settings.host).toBe("https://profile-default.cloud.databricks.com");
    expect(settings.auth).toEqual({ kind: "pat", token: "dapi-profile-default" });
    expect(settings.sources.auth).toContain("profile DEFAULT (token)");
  });

  it("selects a profile with DATABRICKS_CONFIG_PROFILE, or databricks:profile over it", () => {
    writeProfileFile(PROFILE);
    const fromEnv = resolveSettings({
      env: { DATABRICKS_CONFIG_PROFILE: "staging" },
      homeDir: home,
    });
    expect(fromEnv.host).toBe("https://profile-staging.cloud.databricks.com");
    expect(fromEnv.auth).toEqual({
      kind: "oauth-m2m",
      clientId: "sp-staging",
      clientSecret: "staging-secret",
    });
    const fromConfig = resolveSettings({
      config: configOf({ "databricks:profile": "DEFAULT" }),
      env: { DATABRICKS_CONFIG_PROFILE: "staging" },
      homeDir: home,
    });
    expect(fromConfig.host).toBe("https://profile-default.cloud.databricks.com");
  });

  it("reads another file with DATABRICKS_CONFIG_FILE", () => {
    const file = writeProfileFile(
      "[DEFAULT]\nhost = other.example\ntoken = dapi-other\n",
      "other.cfg",
    );
    const settings = resolveSettings({ env: { DATABRICKS_CONFIG_FILE: file }, homeDir: home });
    expect(settings.host).toBe("https://other.example");
  });

  it("follows the newer CLI's default_profile setting", () => {
    writeProfileFile(`${PROFILE}\n[__settings__]\ndefault_profile = staging\n`);
    expect(resolveSettings({ env: {}, homeDir: home }).host).toBe(
      "https://profile-staging.cloud.databricks.com",
    );
  });

  it("fails clearly when an explicitly named profile does not exist", () => {
    writeProfileFile(PROFILE);
    expect(() =>
      resolveSettings({ env: { DATABRICKS_CONFIG_PROFILE: "prod" }, homeDir: home }),
    ).toThrow(/Profile "prod" is not in .*\.databrickscfg \(profiles there: DEFAULT, staging\)/);
  });

  it("never sends a profile's credentials to another workspace", () => {
    writeProfileFile(PROFILE);
    expect(() =>
      resolveSettings({ env: { DATABRICKS_HOST: "https://another.example" }, homeDir: home }),
    ).toThrow(
      /credentials found in profile DEFAULT .* are for https:\/\/profile-default.* but the host is https:\/\/another\.example/,
    );
  });
});

describe("resolveSettings: choosing the authentication", () => {
  const env = { DATABRICKS_HOST: "https://w.example" };

  it("takes OAuth M2M from client id and secret", () => {
    const settings = resolveSettings({
      config: configOf({ "databricks:clientId": "sp-1", "databricks:clientSecret": "s3cret" }),
      env,
      homeDir: home,
    });
    expect(settings.auth).toEqual({ kind: "oauth-m2m", clientId: "sp-1", clientSecret: "s3cret" });
  });

  it("lets a client id in config pair with a secret from the environment (CI)", () => {
    const settings = resolveSettings({
      config: configOf({ "databricks:clientId": "sp-1" }),
      env: { ...env, DATABRICKS_CLIENT_SECRET: "from-ci" },
      homeDir: home,
    });
    expect(settings.auth).toEqual({ kind: "oauth-m2m", clientId: "sp-1", clientSecret: "from-ci" });
  });

  it("prefers the method set in the higher layer when both are set", () => {
    const settings = resolveSettings({
      config: configOf({ "databricks:clientId": "sp-1", "databricks:clientSecret": "s" }),
      env: { ...env, DATABRICKS_TOKEN: "dapi-env" },
      homeDir: home,
    });
    expect(settings.auth.kind).toBe("oauth-m2m");
  });

  it("asks to choose when one layer has both, and obeys the auth type", () => {
    const both = {
      ...env,
      DATABRICKS_TOKEN: "dapi",
      DATABRICKS_CLIENT_ID: "id",
      DATABRICKS_CLIENT_SECRET: "s",
    };
    expect(() => resolveSettings({ env: both, homeDir: home })).toThrow(
      /Both a token .* and OAuth client credentials .* choose one with databricks:authType or DATABRICKS_AUTH_TYPE/,
    );
    const chosen = resolveSettings({
      env: { ...both, DATABRICKS_AUTH_TYPE: "oauth-m2m" },
      homeDir: home,
    });
    expect(chosen.auth.kind).toBe("oauth-m2m");
    expect(() =>
      resolveSettings({ env: { ...both, DATABRICKS_AUTH_TYPE: "azure-cli" }, homeDir: home }),
    ).toThrow(/Unsupported Databricks auth type "azure-cli"/);
  });

  it("names what is missing", () => {
    expect(() => resolveSettings({ env: {}, homeDir: home })).toThrow(SettingsError);
    expect(() => resolveSettings({ env: {}, homeDir: home })).toThrow(
      /No Databricks workspace host/,
    );
    expect(() => resolveSettings({ env, homeDir: home })).toThrow(
      /No Databricks credentials: set databricks:token .* DATABRICKS_TOKEN/,
    );
    expect(() =>
      resolveSettings({ env: { ...env, DATABRICKS_CLIENT_ID: "sp" }, homeDir: home }),
    ).toThrow(/only environment variable DATABRICKS_CLIENT_ID is set .*DATABRICKS_CLIENT_SECRET/);
  });

  it("never puts a credential into an error message", () => {
    const both = {
      ...env,
      DATABRICKS_TOKEN: "dapi-XYZZY-1",
      DATABRICKS_CLIENT_ID: "id",
      DATABRICKS_CLIENT_SECRET: "XYZZY-2",
    };
    let message = "";
    try {
      resolveSettings({ env: both, homeDir: home });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Both a token/);
    expect(message).not.toMatch(/XYZZY/);
  });
});

describe("resolveSettings: other values", () => {
  const base = { DATABRICKS_HOST: "w.example", DATABRICKS_TOKEN: "dapi" };

  it("reads the CA certificate from model-monitoring:caCertPath or caCert", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const file = join(home, "ca.pem");
    writeFileSync(file, pem);
    expect(
      resolveSettings({
        config: configOf({ "model-monitoring:caCertPath": file }),
        env: base,
        homeDir: home,
      }).caCert,
    ).toBe(pem);
    expect(
      resolveSettings({
        config: configOf({ "model-monitoring:caCert": pem }),
        env: base,
        homeDir: home,
      }).caCert,
    ).toBe(pem.trim());
    expect(() =>
      resolveSettings({
        config: configOf({ "model-monitoring:caCert": "not a pem" }),
        env: base,
        homeDir: home,
      }),
    ).toThrow(/is not PEM/);
    expect(() =>
      resolveSettings({
        config: configOf({ "model-monitoring:caCertPath": join(home, "missing.pem") }),
        env: base,
        homeDir: home,
      }),
    ).toThrow(/Cannot read the CA certificate/);
  });

  it("takes the warehouse id from config, then DATABRICKS_WAREHOUSE_ID", () => {
    expect(
      resolveSettings({
        config: configOf({ "model-monitoring:warehouseId": "cfg" }),
        env: { ...base, DATABRICKS_WAREHOUSE_ID: "env" },
        homeDir: home,
      }).warehouseId,
    ).toBe("cfg");
    expect(
      resolveSettings({ env: { ...base, DATABRICKS_WAREHOUSE_ID: "env" }, homeDir: home })
        .warehouseId,
    ).toBe("env");
  });

  it("uses the SDK-like retry defaults, with the budget and HTTP timeout configurable", () => {
    const defaults = resolveSettings({ env: base, homeDir: home });
    expect(defaults.retry).toEqual(DEFAULT_RETRY);
    expect(defaults.requestTimeoutMs).toBe(60_000);
    const tuned = resolveSettings({
      config: configOf({
        "databricks:retryTimeoutSeconds": "30",
        "databricks:httpTimeoutSeconds": "5",
      }),
      env: base,
      homeDir: home,
    });
    expect(tuned.retry.totalBudgetMs).toBe(30_000);
    expect(tuned.requestTimeoutMs).toBe(5_000);
    expect(() =>
      resolveSettings({
        config: configOf({ "databricks:retryTimeoutSeconds": "soon" }),
        env: base,
        homeDir: home,
      }),
    ).toThrow(/must be a positive number of seconds/);
  });
});

describe("normalizeHost", () => {
  it.each([
    ["adb-123.4.azuredatabricks.net", "https://adb-123.4.azuredatabricks.net"],
    ["https://adb-123.4.azuredatabricks.net/", "https://adb-123.4.azuredatabricks.net"],
    ["https://Host.Example:8443/some/path?o=1", "https://host.example:8443"],
    ["127.0.0.1:4443", "https://127.0.0.1:4443"],
  ])("%s -> %s", (raw, normalized) => {
    expect(normalizeHost(raw)).toBe(normalized);
  });

  it("refuses plain http", () => {
    expect(() => normalizeHost("http://w.example")).toThrow(/must use https/);
  });
});

describe("parseIni", () => {
  it("reads sections, comments, quotes and keys before the first section", () => {
    const sections = parseIni(
      'host = top\n# comment\n[a]\nKey = "quoted value"\nurl = https://x/?a=b\n; more\n[b]\n  token=t  \n',
    );
    expect(sections.get("DEFAULT")?.get("host")).toBe("top");
    expect(sections.get("a")?.get("key")).toBe("quoted value");
    expect(sections.get("a")?.get("url")).toBe("https://x/?a=b");
    expect(sections.get("b")?.get("token")).toBe("t");
  });
});
