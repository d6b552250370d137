import * as fs from "node:fs";
import * as path from "node:path";
import { didYouMean } from "./did-you-mean";
import type { ModelSpec } from "./model-spec";
import { type ConfigProblem, ConfigError } from "./problems";
import type { Layer } from "./resolve/layers";
import { readYamlFile } from "./read-yaml";
import { resolveModel } from "./resolve/model";
import { modelLevelPath, modelLevelPaths } from "./model-level-paths";
import { underRemoved, validateSalvaged } from "./salvage";
import { stackWithDefaults } from "./schema/defaults";
import { type ModelFile, modelFile } from "./schema/model";
import { STACK_NAMESPACE, type StackSettings, stackSettings } from "./schema/stack";
import { type TemplateFile, templateFile } from "./schema/template";
import { environmentOfStackName, environmentProblems } from "./stack-environment";
import { PROBLEM_TYPES } from "../core/enums";
import { isModelName } from "../core/names";
import { isSelected } from "./select-models";

/**
 * Loads every model of a stack: reads models/*.yaml and config/templates/*.yaml with js-yaml,
 * validates them and the stack settings with zod, merges template < model < stack, and either
 * returns one ModelSpec per enabled model or throws a ConfigError listing every problem.
 * Nothing is built from a configuration that has any problem. One pass: a file with a mistake
 * is checked on without the mistaken keys (salvage.ts), so the checks across layers and models
 * still run, and what follows only from a removed key is not reported again.
 */

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
  /** Each model's layers, lowest first: where its values came from (config/resolve/origins.ts). */
  layers: Map<string, Layer[]>;
}

function readYaml(file: string, label: string, problems: ConfigProblem[]): unknown {
  const read = readYamlFile(file, label);
  if (read.ok) return read.value;
  problems.push(read.problem);
  return undefined;
}

/** A file's value (salvaged when it has mistakes) and the key paths its mistakes removed. */
interface Loaded<T> {
  file: string;
  value: T;
  removed: string[];
}

function loadTemplates(root: string, problems: ConfigProblem[]): Map<string, Loaded<TemplateFile>> {
  const templates = new Map<string, Loaded<TemplateFile>>();
  const dir = path.join(root, "config", "templates");
  for (const entry of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const label = `config/templates/${entry}`;
    const raw = readYaml(path.join(dir, entry), label, problems);
    if (raw === undefined) continue;
    const { value, problems: found, removed } = validateSalvaged(templateFile, raw, label);
    problems.push(...found);
    if (value) templates.set(path.basename(entry, ".yaml"), { file: label, value, removed });
  }
  return templates;
}

function loadModelFiles(root: string, problems: ConfigProblem[]): Map<string, Loaded<ModelFile>> {
  const models = new Map<string, Loaded<ModelFile>>();
  const dir = path.join(root, "models");
  const entries = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
    : [];
  const byName = new Map<string, string>();
  for (const entry of entries) {
    const label = `models/${entry}`;
    const fileName = entry.replace(/\.ya?ml$/, "");
    // Two files for one model: whichever is read last would win silently.
    const twin = byName.get(fileName);
    if (twin !== undefined) {
      problems.push({
        file: label,
        path: "",
        message: `${twin} describes the same model "${fileName}"; keep one of the two files`,
      });
      continue;
    }
    byName.set(fileName, label);
    const raw = readYaml(path.join(dir, entry), label, problems);
    if (raw === undefined) continue;
    const { value, problems: found, removed } = validateSalvaged(modelFile, raw, label);
    problems.push(...found);
    if (!value) continue;
    const name = value.name ?? fileName;
    if (value.name !== undefined && value.name !== fileName) {
      problems.push({
        file: label,
        path: "name",
        message: `must match the file name "${fileName}" (got "${value.name}")`,
      });
    }
    if (!isModelName(name)) {
      problems.push({
        file: label,
        path: "",
        message: `file name must be a model name: lowercase letters, digits, - (got "${fileName}")`,
      });
    }
    models.set(name, { file: label, value, removed });
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

/** version, alias and served say together what is served: without one, the others' checks follow it. */
function withServedGroup(removed: string[]): string[] {
  const group = ["version", "alias", "served"];
  return removed.some((r) => group.some((g) => r === g || r.startsWith(`${g}[`)))
    ? [...removed, ...group]
    : removed;
}

export function loadProject(options: LoadOptions): LoadedProject {
  const { root, stack } = options;
  const stackFile = `Pulumi.${stack}.yaml`;
  const problems: ConfigProblem[] = [];

  const rawSettings: Record<string, unknown> = { ...options.stackConfig };
  const named = environmentOfStackName(stack);
  problems.push(
    ...environmentProblems(
      stack,
      rawSettings.environment,
      stackFile,
      `${STACK_NAMESPACE}environment`,
    ),
  );
  if (rawSettings.environment === undefined && named !== undefined) rawSettings.environment = named;
  // Stand-ins for required keys with a mistake, so that the models are still checked.
  const fallbacks = {
    environment: named ?? "dev",
    catalog: "unset",
    inferenceSchema: "unset",
    monitoringSchema: "unset",
    warehouseId: "0000000000000000",
  };
  const stackRead = validateSalvaged(
    stackSettings,
    rawSettings,
    stackFile,
    STACK_NAMESPACE,
    fallbacks,
  );
  const settings = stackRead.value;
  if (
    named !== undefined &&
    settings !== undefined &&
    settings.environment !== named &&
    !stackRead.removed.includes("environment")
  ) {
    // Never plan a stack under rules lower than its name's, even when reporting other problems.
    settings.environment = named;
  }
  problems.push(...stackRead.problems);
  const templates = loadTemplates(root, problems);
  const modelFiles = loadModelFiles(root, problems);
  if (modelFiles.size === 0 && problems.length === 0) {
    problems.push({
      file: "models/",
      path: "",
      message: "no model files found; add models/<name>.yaml",
    });
  }

  const known = [...modelFiles.keys()];
  for (const name of Object.keys(settings?.models ?? {})) {
    if (!modelFiles.has(name)) {
      problems.push({
        file: stackFile,
        path: `${STACK_NAMESPACE}models.${name}`,
        message: `no model file models/${name}.yaml${didYouMean(name, known)}; known models: ${known.join(", ")}`,
      });
    }
  }

  const specs: ModelSpec[] = [];
  const layersByModel = new Map<string, Layer[]>();
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
            message: `template "${model.value.template}" has no file ${file}${didYouMean(model.value.template, [...PROBLEM_TYPES])}`,
          });
        }
        continue;
      }
      const {
        spec,
        problems: found,
        layers,
      } = resolveModel({
        name,
        stack,
        template,
        model,
        stackSettings: { file: stackFile, value: settings, withDefaults },
      });
      const removed = withServedGroup([
        ...template.removed,
        ...model.removed,
        ...modelLevelPaths(stackRead.removed, name),
      ]);
      problems.push(
        ...found.filter((p) => !underRemoved(modelLevelPath(p, stackFile, name), removed)),
      );
      if (spec) specs.push(spec);
      if (layers) layersByModel.set(name, layers);
    }
    checkAcrossModels(specs, problems);
  }
  if (problems.length > 0 || !settings) throw new ConfigError(problems);
  return { stack, settings, models: specs, layers: layersByModel };
}
