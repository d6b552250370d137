import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigProblem } from "../../config/problems";
import { readYamlFile } from "../../config/read-yaml";
import { plainSecretProblems } from "./plain-secrets";

/**
 * Reads Pulumi.<stack>.yaml the way the Pulumi CLI hands it to a program: every value as a
 * string, structured values as JSON text. Secure (encrypted) values cannot be decrypted
 * without the stack's secrets provider, so they become a placeholder marked secret.
 */

export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
  /** Pulumi.yaml's `name`; undefined when Pulumi.yaml cannot be read. */
  project?: string;
  /** The stack file was read: its keys are in `config` (else only Pulumi.yaml's defaults are). */
  read: boolean;
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

  const projectRead = readProjectFile(root);
  if (!projectRead.ok) return { read: false, config, secretKeys, problems: [projectRead.problem] };
  const project = projectRead.value;
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
    return { project: project.name, read: false, config, secretKeys, problems };
  }
  const stackRead = readYamlFile(stackPath, file);
  if (!stackRead.ok)
    return {
      project: project.name,
      read: false,
      config,
      secretKeys,
      problems: [stackRead.problem],
    };
  const parsed = stackRead.value as { config?: Record<string, unknown> } | null | undefined;
  if (parsed !== null && parsed !== undefined && !isPlainObject(parsed.config ?? {})) {
    problems.push({ file, path: "config", message: "expected a mapping of configuration keys" });
    return { project: project.name, read: false, config, secretKeys, problems };
  }
  problems.push(...plainSecretProblems(file, stack, parsed?.config ?? {}, project.name));
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
  return { project: project.name, read: true, config, secretKeys, problems };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

type ProjectRead =
  | { ok: true; value: { name: string; config?: Record<string, Declaration> } }
  | { ok: false; problem: ConfigProblem };

/**
 * Pulumi.yaml: the project's name and its declared keys. A broken one is named as such (not
 * blamed on the stack), since every stack and every Pulumi command depends on it.
 */
function readProjectFile(root: string): ProjectRead {
  const file = "Pulumi.yaml";
  const read = readYamlFile(path.join(root, file), file);
  if (!read.ok)
    return {
      ok: false,
      problem: { ...read.problem, message: `the Pulumi project file: ${read.problem.message}` },
    };
  const value = read.value as { name?: unknown; config?: unknown } | null;
  if (!isPlainObject(value) || typeof value.name !== "string" || value.name === "")
    return {
      ok: false,
      problem: {
        file,
        path: "name",
        message: "the Pulumi project file needs a name: (the project name, model-monitoring)",
      },
    };
  if (value.config !== undefined && !isPlainObject(value.config))
    return {
      ok: false,
      problem: {
        file,
        path: "config",
        message: "the Pulumi project file's config must be a mapping of key declarations",
      },
    };
  return { ok: true, value: value as { name: string; config?: Record<string, Declaration> } };
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
