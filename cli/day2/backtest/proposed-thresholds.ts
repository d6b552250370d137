import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { thresholdRowsOf } from "../../../core/alert-spec";
import type { ThresholdRow } from "../../../core/threshold-rows";
import type { ModelSpec } from "../../../config/model-spec";
import { parseYaml, readYamlFile } from "../../../config/read-yaml";
import { Day2Error } from "../exit-codes";
import type { StackContext } from "../stack-context";
import {
  checkoutFiles,
  gitRefFiles,
  loadModelsFrom,
  resolveGitRef,
  type ProjectFiles,
} from "./project-files";

/**
 * The proposed thresholds, per model, as the alerts would get them (drift thresholds plus the
 * data-quality limits, core/alert-spec.ts thresholdRowsOf), from one of:
 * - nothing given: this checkout's configuration;
 * - a model file (`template:` at the top): it stands in for models/<its name>.yaml;
 * - a thresholds file: `thresholds`, `thresholdDefaults`, `dataQuality` at the top (for every
 *   selected model) or under `models.<name>`: they replace those keys of the model's file;
 * - a git ref: the stack file, model files and templates at that ref.
 * Either way the template, model and stack layers are merged by the plan's own loader.
 */

export interface ProposedThresholds {
  /** Where they come from, for the report. */
  source: string;
  rows: Map<string, ThresholdRow[]>;
}

const THRESHOLD_KEYS = ["thresholds", "thresholdDefaults", "dataQuality"] as const;

function rowsOf(
  models: readonly ModelSpec[],
  selected: readonly string[],
): Map<string, ThresholdRow[]> {
  return new Map(
    models.filter((m) => selected.includes(m.name)).map((m) => [m.name, thresholdRowsOf(m)]),
  );
}

export function proposedThresholds(
  context: StackContext,
  from: string | undefined,
  cwd: string,
): ProposedThresholds {
  const selected = context.models.map((m) => m.name);
  if (from === undefined) {
    return { source: "this checkout's configuration", rows: rowsOf(context.models, selected) };
  }
  // A path relative to the working folder, else to the project folder (--root).
  const file = [path.resolve(cwd, from), path.resolve(context.root, from)].find(
    (candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
  );
  if (file !== undefined) {
    const files = overlayFile(checkoutFiles(context.root, context.stack), file, from, selected);
    const models = loadModelsFrom(files, context.stack, from);
    return { source: `the file ${from}`, rows: rowsOf(models, selected) };
  }
  const commit = resolveGitRef(context.root, from);
  if (commit === undefined) {
    throw new Day2Error(
      "usage",
      `--thresholds-from ${from}: neither a file nor a git ref (commit, branch or tag) of the repository at ${context.root}`,
    );
  }
  const models = loadModelsFrom(
    gitRefFiles(context.root, commit, from, context.stack),
    context.stack,
    `git ref ${from}`,
  );
  return { source: `git ref ${from} (${commit.slice(0, 12)})`, rows: rowsOf(models, selected) };
}

/** The checkout's files with the given model file or thresholds file applied. */
function overlayFile(
  files: ProjectFiles,
  file: string,
  label: string,
  selected: readonly string[],
): ProjectFiles {
  // The same size and alias limits as every configuration file the project reads.
  const read = readYamlFile(file, label);
  if (!read.ok) {
    throw new Day2Error("usage", `--thresholds-from ${label}: ${read.problem.message}`);
  }
  const content = read.value;
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    throw new Day2Error(
      "usage",
      `--thresholds-from ${label}: expected a mapping (a model file or a thresholds file)`,
    );
  }
  const mapping = content as Record<string, unknown>;
  const modelFileOf = (name: string): string => {
    const existing = [`models/${name}.yaml`, `models/${name}.yml`].find((f) => files.has(f));
    if (existing === undefined) {
      throw new Day2Error(
        "usage",
        `--thresholds-from ${label}: no model "${name}" in this checkout; models: ${selected.join(", ")}`,
      );
    }
    return existing;
  };

  if ("template" in mapping) {
    // A model file: its name, or the file's name, says which model it stands in for.
    const name =
      typeof mapping.name === "string" ? mapping.name : path.basename(file).replace(/\.ya?ml$/, "");
    files.set(modelFileOf(name), read.text);
    return files;
  }
  const problems: string[] = [];
  const allowed = [...THRESHOLD_KEYS, "models"];
  for (const key of Object.keys(mapping)) {
    if (!allowed.includes(key))
      problems.push(
        `${label}: ${key}: unknown key; allowed: ${allowed.join(", ")} (or a model file with template:)`,
      );
  }
  const perModel = (mapping.models ?? {}) as Record<string, unknown>;
  if (typeof perModel !== "object" || Array.isArray(perModel)) {
    problems.push(`${label}: models: expected a mapping of model name to thresholds`);
  }
  const updates = new Map<string, Record<string, unknown>>();
  const top = Object.fromEntries(
    THRESHOLD_KEYS.filter((k) => k in mapping).map((k) => [k, mapping[k]]),
  );
  for (const name of selected) updates.set(name, { ...top });
  for (const [name, value] of Object.entries(perModel)) {
    if (!selected.includes(name)) {
      problems.push(
        `${label}: models.${name}: not a selected model of the stack; models: ${selected.join(", ")}`,
      );
      continue;
    }
    const entries = (value ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(entries)) {
      if (!(THRESHOLD_KEYS as readonly string[]).includes(key))
        problems.push(
          `${label}: models.${name}.${key}: unknown key; allowed: ${THRESHOLD_KEYS.join(", ")}`,
        );
    }
    updates.set(name, { ...updates.get(name), ...entries });
  }
  if (problems.length > 0) {
    throw new Day2Error(
      "usage",
      `--thresholds-from ${label}: ${problems.length} problem(s)`,
      problems,
    );
  }
  for (const [name, keys] of updates) {
    if (Object.keys(keys).length === 0) continue;
    const target = modelFileOf(name);
    const parsed = parseYaml(files.get(target) as string, target);
    if (!parsed.ok) {
      throw new Day2Error("usage", `${target}: ${parsed.problem.message}`);
    }
    const model = parsed.value as Record<string, unknown>;
    files.set(target, yaml.dump({ ...model, ...keys }));
  }
  return files;
}
