import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { ConfigProblem } from "../../config/problems";

/**
 * Reads Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: every value as a
 * string, structured values as JSON text. Secure (encrypted) values cannot be decrypted
 * without the stack's secrets provider, so they become a placeholder marked secret.
 */

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
  config: Record<string, string>;
  secretKeys: string[];
  problems: ConfigProblem[];
}

interface Declaration {
  type?: string;
  default?: unknown;
  value?: unknown;
  secret?: boolean;
}

export function listStacks(root: string): string[] {
  return fs
    .readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

function isSecure(value: unknown): boolean {
  return value !== null && typeof value === "object" && "secure" in (value as object);
}

function containsSecure(value: unknown): boolean {
  if (isSecure(value)) return true;
  if (value !== null && typeof value === "object")
    return Object.values(value as object).some(containsSecure);
  return false;
}

function toConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (Number.isInteger(value)) return "integer";
  return typeof value;
}

export function readStackConfig(root: string, stack: string): StackConfig {
  const file = `Pulumi.${stack}.yaml`;
  const problems: ConfigProblem[] = [];
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];

  const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, Declaration>;
  };
  const declarations = project.config ?? {};
  for (const [key, declaration] of Object.entries(declarations)) {
    const preset = declaration.default ?? declaration.value;
    if (preset !== undefined) config[`${project.name}:${key}`] = toConfigString(preset);
  }

  const stackPath = path.join(root, file);
  if (!fs.existsSync(stackPath)) {
    problems.push({
      file,
      path: "",
      message: `no such stack file; stacks: ${listStacks(root).join(", ")}`,
    });
    return { config, secretKeys, problems };
  }
  let parsed: { config?: Record<string, unknown> } | undefined;
  try {
    parsed = yaml.load(fs.readFileSync(stackPath, "utf8"), { filename: file }) as typeof parsed;
  } catch (error) {
    problems.push({ file, path: "", message: `not valid YAML: ${(error as Error).message}` });
    return { config, secretKeys, problems };
  }
  for (const [rawKey, value] of Object.entries(parsed?.config ?? {})) {
    // A key without a namespace belongs to the project, as the Pulumi CLI reads it.
    const key = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
    if (containsSecure(value)) {
      config[key] = isSecure(value) ? SECRET_PLACEHOLDER : toConfigString(value);
      secretKeys.push(key);
      continue;
    }
    const [namespace, name] = key.split(":", 2);
    const declared = namespace === project.name && name ? declarations[name]?.type : undefined;
    if (
      declared &&
      typeOf(value) !== declared &&
      !(declared === "string" && typeof value !== "object")
    ) {
      problems.push({
        file,
        path: key,
        message: `Pulumi.yaml declares this key as ${declared}, got ${typeOf(value)}`,
      });
    }
    config[key] = toConfigString(value);
  }
  problems.push(...declarationProblems(file, project.name, declarations, parsed?.config ?? {}));
  return { config, secretKeys, problems };
}

/**
 * What the Pulumi CLI checks before it runs the program (workspace `mergeConfig` and
 * `validateStackConfigValue`): a declared key with neither default nor value must be set in
 * the stack, and a key declared `secret: true` must be encrypted there.
 */
function declarationProblems(
  file: string,
  projectName: string,
  declarations: Record<string, Declaration>,
  stackValues: Record<string, unknown>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const stackValue = (name: string) => stackValues[`${projectName}:${name}`] ?? stackValues[name];
  for (const [name, declaration] of Object.entries(declarations)) {
    const value = stackValue(name);
    const key = `${projectName}:${name}`;
    if (
      value === undefined &&
      declaration.default === undefined &&
      declaration.value === undefined
    ) {
      problems.push({
        file,
        path: key,
        message:
          "missing: Pulumi.yaml declares this key without a default, and Pulumi refuses to run a stack without it",
      });
    } else if (value !== undefined && declaration.secret === true && !isSecure(value)) {
      problems.push({
        file,
        path: key,
        message: `Pulumi.yaml declares this key secret: set it with pulumi config set --secret ${name}`,
      });
    }
  }
  return problems;
}
