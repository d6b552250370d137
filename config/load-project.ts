import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { ModelSpec } from "./model-spec";
import { type ConfigProblem, ConfigError } from "./problems";
import { resolveModel } from "./resolve/model";
import { stackWithDefaults } from "./schema/defaults";
import { type ModelFile, modelFile } from "./schema/model";
import { type StackSettings, stackSettings } from "./schema/stack";
import { type TemplateFile, templateFile } from "./schema/template";
import { isSelected } from "./select-models";
import { validate } from "./zod-issues";
import { ENVIRONMENTS, isOneOf } from "../core/enums";

/**
 * Loads every model of a stack: reads models/*.yaml and config/templates/*.yaml with js-yaml,
 * validates them and the stack settings with zod, merges template < model < stack, and either
 * returns one ModelSpec per enabled model or throws a ConfigError listing every problem.
 * Nothing is built from a configuration that has any problem.
 */

export const STACK_NAMESPACE = "model-monitoring:";

export interface LoadOptions {
  /** Project root: the folder with Pulumi.yaml, models/ and config/. */
  root: string;
  stack: string;
  /** The project's keys from the stack configuration, without the namespace. */
  stackConfig: Record<string, unknown>;
}

export interface LoadedProject {
  stack: string;
  settings: StackSettings;
  models: ModelSpec[];
}

function readYaml(file: string, label: string, problems: ConfigProblem[]): unknown {
  try {
    return yaml.load(fs.readFileSync(file, "utf8"), { filename: label });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}` : "";
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    problems.push({ file: label, path: where, message: `not valid YAML: ${reason}` });
    return undefined;
  }
}

function loadTemplates(
  root: string,
  problems: ConfigProblem[],
): Map<string, { file: string; value: TemplateFile }> {
  const templates = new Map<string, { file: string; value: TemplateFile }>();
  const dir = path.join(root, "config", "templates");
  for (const entry of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const label = `config/templates/${entry}`;
    const raw = readYaml(path.join(dir, entry), label, problems);
    if (raw === undefined) continue;
    const { value, problems: found } = validate(templateFile, raw, label);
    problems.push(...found);
    if (value) templates.set(path.basename(entry, ".yaml"), { file: label, value });
  }
  return templates;
}

function loadModelFiles(
  root: string,
  problems: ConfigProblem[],
): Map<string, { file: string; value: ModelFile }> {
  const models = new Map<string, { file: string; value: ModelFile }>();
  const dir = path.join(root, "models");
  const entries = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  for (const entry of entries) {
    const label = `models/${entry}`;
    const raw = readYaml(path.join(dir, entry), label, problems);
    if (raw === undefined) continue;
    const { value, problems: found } = validate(modelFile, raw, label);
    problems.push(...found);
    if (!value) continue;
    const fileName = entry.replace(/\.ya?ml$/, "");
    const name = value.name ?? fileName;
    if (value.name !== undefined && value.name !== fileName) {
      problems.push({
        file: label,
        path: "name",
        message: `must match the file name "${fileName}" (got "${value.name}")`,
      });
    }
    if (!/^[a-z][a-z0-9-]{0,47}$/.test(name)) {
      problems.push({
        file: label,
        path: "",
        message: `file name must be a model name: lowercase letters, digits, - (got "${fileName}")`,
      });
    }
    models.set(name, { file: label, value });
  }
  return models;
}

function checkAcrossModels(specs: ModelSpec[], problems: ConfigProblem[]) {
  const endpointOwners = new Map<string, ModelSpec>();
  const tableOwners = new Map<string, ModelSpec>();
  const registeredModelManagers = new Map<string, ModelSpec>();
  for (const spec of specs) {
    const endpoint = spec.endpoint.name.toLowerCase();
    const other = endpointOwners.get(endpoint);
    if (other) {
      problems.push({
        file: spec.sources.model,
        path: "endpointName",
        message: `endpoint name "${spec.endpoint.name}" is also used by model "${other.name}" (${other.sources.model}); endpoint names are unique per workspace`,
      });
    } else endpointOwners.set(endpoint, spec);
    const prefix = spec.inference.tablePrefix.toLowerCase();
    const tableOwner = tableOwners.get(prefix);
    if (tableOwner) {
      problems.push({
        file: spec.sources.model,
        path: "inference.tablePrefix",
        message: `inference table prefix "${spec.inference.tablePrefix}" is also used by model "${tableOwner.name}"; a table holds one monitor`,
      });
    } else tableOwners.set(prefix, spec);
    if (spec.governance.registeredModel.manage) {
      // One RegisteredModel and one authoritative Grants per model: two would fight on every up.
      const registered = spec.registeredModel.toLowerCase();
      const manager = registeredModelManagers.get(registered);
      if (manager) {
        problems.push({
          file: spec.sources.model,
          path: "registeredModel",
          message: `registered model "${spec.registeredModel}" is also governed by model "${manager.name}" (${manager.sources.model}); let one of them manage it and set governance.registeredModel.manage: false on the other`,
        });
      } else registeredModelManagers.set(registered, spec);
    }
  }
}

export function loadProject(options: LoadOptions): LoadedProject {
  const { root, stack } = options;
  const stackFile = `Pulumi.${stack}.yaml`;
  const problems: ConfigProblem[] = [];

  const rawSettings: Record<string, unknown> = { ...options.stackConfig };
  if (rawSettings.environment === undefined && isOneOf(ENVIRONMENTS, stack)) {
    rawSettings.environment = stack;
  }
  const { value: settings, problems: settingsProblems } = validate(
    stackSettings,
    rawSettings,
    stackFile,
    STACK_NAMESPACE,
  );
  problems.push(...settingsProblems);
  const templates = loadTemplates(root, problems);
  const modelFiles = loadModelFiles(root, problems);
  if (modelFiles.size === 0 && problems.length === 0) {
    problems.push({
      file: "models/",
      path: "",
      message: "no model files found; add models/<name>.yaml",
    });
  }

  for (const name of Object.keys(settings?.models ?? {})) {
    if (!modelFiles.has(name)) {
      problems.push({
        file: stackFile,
        path: `${STACK_NAMESPACE}models.${name}`,
        message: `no model file models/${name}.yaml; known models: ${[...modelFiles.keys()].join(", ")}`,
      });
    }
  }

  const specs: ModelSpec[] = [];
  if (settings) {
    const withDefaults = stackWithDefaults(stack, settings.environment).parse(settings);
    for (const [name, model] of modelFiles) {
      if (settings.models?.[name]?.enabled === false) continue;
      // A shard holds the models its `select` matches; the others belong to other stacks.
      if (!isSelected(settings.select, { ...model.value, name })) continue;
      const template = templates.get(model.value.template);
      if (!template) {
        // An invalid template file has its own problems already; a missing one has none yet,
        // and skipping the model silently would make the next `up` delete its resources.
        const file = `config/templates/${model.value.template}.yaml`;
        if (!fs.existsSync(path.join(root, file))) {
          problems.push({
            file: model.file,
            path: "template",
            message: `template "${model.value.template}" has no file ${file}`,
          });
        }
        continue;
      }
      const { spec, problems: found } = resolveModel({
        name,
        stack,
        template,
        model,
        stackSettings: { file: stackFile, value: settings, withDefaults },
      });
      problems.push(...found);
      if (spec) specs.push(spec);
    }
    checkAcrossModels(specs, problems);
  }
  if (problems.length > 0 || !settings) throw new ConfigError(problems);
  return { stack, settings, models: specs };
}
