import { ALL_MODEL_IDS, MODEL_ID_COLUMN } from "../core/columns";
import { constantStringLiteral } from "./sql-text";

/**
 * The whole-table, all-models rows of a metric table (core/columns.ts says why those):
 * `<slice_key> IS NULL AND <model_id> = '*'`, columns named through `column`.
 */
export function wholeTableAllModels(column: (name: string) => string): string {
  return (
    `${column("slice_key")} IS NULL AND ` +
    `${column(MODEL_ID_COLUMN)} = ${constantStringLiteral(ALL_MODEL_IDS)}`
  );
}
