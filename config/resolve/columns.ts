import { FIXED_COLUMN_NAMES } from "../../core/columns";
import { isOneOf } from "../../core/enums";
import { parseTableName } from "../../core/names";
import type { LabelsJoin } from "../../core/types";
import type { FeatureSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { ModelWithDefaults } from "../schema/defaults";

/**
 * A model's columns (features, prediction, label) and how ground truth joins them. Problems
 * are the model file's: column names the processed table adds itself or uses twice (names are
 * case-insensitive), an id column that is no feature, a label without its labels table.
 */
export interface ResolvedColumns {
  features: FeatureSpec[];
  prediction: FeatureSpec;
  label?: FeatureSpec;
  idColumn: string;
  labels?: LabelsJoin;
}

export function resolveColumns(
  settings: Pick<ModelWithDefaults, "features" | "prediction" | "label" | "idColumn" | "labels">,
  modelFile: string,
): { columns: ResolvedColumns; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) =>
    problems.push({ file: modelFile, path, message });
  const { features, prediction, label, idColumn } = settings;

  const seen = new Map<string, string>();
  const claim = (columnName: string, path: string) => {
    const lower = columnName.toLowerCase();
    if (isOneOf(FIXED_COLUMN_NAMES, lower)) {
      problem(
        path,
        `"${columnName}" is a column the processed table adds itself; reserved: ${FIXED_COLUMN_NAMES.join(", ")}`,
      );
    } else if (seen.has(lower)) {
      problem(
        path,
        `duplicate column name "${columnName}" (also at ${seen.get(lower)}); column names are case-insensitive`,
      );
    } else seen.set(lower, path);
  };
  features.forEach((f, i) => claim(f.name, `features[${i}].name`));
  claim(prediction.name, "prediction.name");
  if (label) claim(label.name, "label.name");

  if (idColumn !== "client_request_id" && !features.some((f) => f.name === idColumn)) {
    problem("idColumn", `must be client_request_id or a feature name; got "${idColumn}"`);
  }
  if (settings.labels && !label)
    problem("label", "labels is set, so label (the label column) is required");
  if (label && !settings.labels)
    problem("labels", "label is set, so labels (where labels come from) is required");

  const columns: ResolvedColumns = { features, prediction, idColumn };
  if (label) columns.label = label;
  if (settings.labels && label) {
    columns.labels = {
      table: parseTableName(settings.labels.table),
      keyColumn: settings.labels.keyColumn,
      requestKey: idColumn,
      labelColumn: settings.labels.labelColumn,
      lookbackDays: settings.labels.lookbackDays,
    };
  }
  return { columns, problems };
}
