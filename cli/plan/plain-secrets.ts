import type { ConfigProblem } from "../../config/problems";

/**
 * Secrets written in plain text in a stack file: committed, they are in the repository's
 * history for good. Refused, with the command that stores the value encrypted instead (Pulumi
 * prompts for it, so it does not land in the shell history either). A key is a secret by its
 * name (the Databricks provider's sensitive settings, and any key named like a token, secret,
 * password or credential) or by its value (a Databricks personal access token, a private key).
 */

/** @pulumi/databricks config keys that hold credentials (config/vars.d.ts). */
const PROVIDER_SECRETS = new Set([
  "databricks:token",
  "databricks:password",
  "databricks:clientSecret",
  "databricks:azureClientSecret",
  "databricks:googleCredentials",
  "databricks:actionsIdTokenRequestToken",
]);

/** The last word of a camelCase or snake_case name says what it holds. */
const SECRET_NAME =
  /(token|secret|password|passphrase|credentials?|privatekey|private_key|apikey|api_key)$/i;
const SECRET_VALUE = /\bdapi[0-9a-f]{32}\b|-----BEGIN [A-Z ]*PRIVATE KEY-----/;

function looksSecret(key: string, value: unknown): boolean {
  if (PROVIDER_SECRETS.has(key)) return true;
  const name = key.slice(key.lastIndexOf(":") + 1);
  const lastSegment = name.slice(name.lastIndexOf(".") + 1);
  if (SECRET_NAME.test(lastSegment)) return true;
  return typeof value === "string" && SECRET_VALUE.test(value);
}

function isSecure(value: unknown): boolean {
  return value !== null && typeof value === "object" && "secure" in (value as object);
}

/**
 * Plain-text secrets among a stack file's `config` values (nested values too). `key` is the
 * namespaced key as written; nested keys are set with `--path`.
 */
export function plainSecretProblems(
  file: string,
  stack: string,
  config: Record<string, unknown>,
  projectName: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const visit = (key: string, value: unknown, nested: boolean) => {
    if (isSecure(value)) return;
    if (value !== null && typeof value === "object") {
      for (const [child, childValue] of Object.entries(value as object))
        visit(Array.isArray(value) ? `${key}[${child}]` : `${key}.${child}`, childValue, true);
      return;
    }
    if (value === null || value === "" || !looksSecret(key, value)) return;
    const path = nested ? "--path " : "";
    problems.push({
      file,
      path: key,
      message: `a secret in plain text: remove it from the file, run \`pulumi config set --secret ${path}${key} --stack ${stack}\` (it asks for the value), and rotate it: the file may already be in the history`,
    });
  };
  for (const [rawKey, value] of Object.entries(config)) {
    const key = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
    visit(key, value, false);
  }
  return problems;
}
