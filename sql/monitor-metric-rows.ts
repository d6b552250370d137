import { constantStringLiteral } from "./sql-text";

/**
 * Which rows of a quality monitor's metric tables describe "the model as a whole".
 *
 * The project's monitors are InferenceLog monitors with `model_id_col = model_id` (the
 * processed table's column). Their metric tables hold each window's metrics per model id (a
 * served entity and version) and once more over all model ids, with the model id `*`; and per
 * slice, with the whole-table rows at `slice_key IS NULL`. Alerts and analyze-drift read the
 * whole-table, all-models rows: one row per window and column, so a breach counts once and
 * "the window before" is really the previous window.
 * ASSUMPTION (UNCONFIRMED in the reference): the all-models value is `*`. Databricks' docs say
 * metrics are computed for each model id separately; public example notebooks select per-model
 * rows with `model_id != '*'`.
 */
export const MODEL_ID_COLUMN = "model_id";
export const ALL_MODEL_IDS = "*";

/** `<slice_key> IS NULL AND <model_id> = '*'`, columns named through `column`. */
export function wholeTableAllModels(column: (name: string) => string): string {
  return (
    `${column("slice_key")} IS NULL AND ` +
    `${column(MODEL_ID_COLUMN)} = ${constantStringLiteral(ALL_MODEL_IDS)}`
  );
}
