import * as yaml from "js-yaml";
import type { ProblemType } from "../../core/enums";
import { columnKind } from "../../config/resolve/thresholds";
import type { NewColumn } from "./columns";

/**
 * The text of a new model file: the settings given on the command line, and commented-out
 * examples of what a team usually adds next (labels, thresholds, grants), each saying where
 * the defaults come from. Values are written with js-yaml, so a name such as `yes` or `null`
 * stays a string.
 */

export interface NewModel {
  name: string;
  template: ProblemType;
  registeredModel: string;
  served: { version: string } | { alias: string };
  features: NewColumn[];
  prediction: NewColumn;
}

function scalar(value: string): string {
  return yaml.dump(value, { lineWidth: -1 }).trimEnd();
}

function column(c: NewColumn): string {
  const categorical = c.categorical ? ", categorical: true" : "";
  return `{ name: ${scalar(c.name)}, type: ${c.type}${categorical} }`;
}

/** A threshold example suited to the column: distribution distances differ by kind. */
function thresholdExample(c: NewColumn): string {
  const numeric = columnKind({ ...c, categorical: c.categorical === true }) === "numeric";
  const statistic = numeric ? "population_stability_index" : "js_distance";
  return `#   - { column: ${scalar(c.name)}, statistic: ${statistic}, value: 0.15, severity: critical }`;
}

export function renderModelFile(model: NewModel): string {
  // The example's column: the first whose kind takes a distribution distance (not a date).
  const first = model.features.find(
    (c) => columnKind({ ...c, categorical: c.categorical === true }) !== "temporal",
  );
  const served =
    "version" in model.served
      ? `version: ${scalar(model.served.version)}`
      : `alias: ${scalar(model.served.alias)}`;
  const labelType = model.prediction.type;
  const labelCategorical = model.prediction.categorical ? ", categorical: true" : "";
  return [
    "# yaml-language-server: $schema=../config/schemas/model.schema.json",
    `# ${model.name}: written by \`model-monitoring new-model\`; edit freely (README: Add a model).`,
    `# Defaults come from config/templates/${model.template}.yaml; each stack (Pulumi.<stack>.yaml)`,
    "# may override any setting, for all models or under models.<name>.",
    `template: ${model.template}`,
    "# description: what the model predicts (becomes the endpoint's description)",
    "# The Unity Catalog model. Stacks that set governance.registeredModel.catalog replace its",
    "# catalog with their own (e.g. ml_dev, ml_prod).",
    `registeredModel: ${scalar(model.registeredModel)}`,
    "# The served version; or `alias: champion` (resolved at deploy time), or `served:` for a split.",
    served,
    "# Request columns: each becomes a typed column of the processed table and is monitored.",
    "# Types: string boolean int bigint float double date timestamp; `categorical: true` treats",
    "# a numeric column as classes.",
    "features:",
    ...model.features.map((c) => `  - ${column(c)}`),
    `prediction: ${column(model.prediction)}`,
    "# Ground truth, when it arrives later in a table: the monitor then computes quality metrics.",
    `# label: { name: label, type: ${labelType}${labelCategorical} }`,
    "# labels:",
    "#   table: catalog.schema.labels_table",
    "#   keyColumn: request_id",
    "#   labelColumn: label",
    "#   lookbackDays: 30",
    `# Thresholds: the template's thresholdDefaults apply to every column. Tighten or add per`,
    "# column (statistics per kind: README, Configuration reference):",
    "# thresholds:",
    ...(first ? [thresholdExample(first)] : []),
    "# Who may use the registered model, on top of the stack's grants (README: Add a model):",
    "# governance:",
    "#   registeredModel:",
    "#     grants:",
    "#       analysts: [EXECUTE]",
    "",
  ].join("\n");
}
