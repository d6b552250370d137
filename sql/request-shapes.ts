import { sqlTypeName } from "./column-types";
import { identifierAsStringLiteral, quoteIdentifier } from "./identifiers";
import type { ColumnSpec } from "./types";

/**
 * How the refresh reads the two MLflow scoring request shapes:
 *   {"dataframe_records": [{"f1": v, ...}, ...]}
 *   {"dataframe_split": {"columns": ["f1", ...], "data": [[v, ...], ...]}}
 * and the response {"predictions": [p, ...]}, one prediction per record, in order.
 */

/**
 * A `from_json` schema string. Its text is built only from validated identifiers (in
 * backticks) and type keywords from the ColumnType table, so it can hold no quote or
 * backslash; the check below keeps it that way.
 */
function schemaStringLiteral(schema: string): string {
  if (!/^[A-Za-z0-9_ ,:<>`]*$/.test(schema)) {
    throw new Error(`from_json schema ${JSON.stringify(schema)} contains unexpected characters`);
  }
  return `'${schema}'`;
}

/**
 * Schema for the request JSON holding both shapes. Records are typed structs, so the JSON
 * parser types each value directly. Split rows are ARRAY<ARRAY<STRING>>: a row mixes types,
 * and a STRING element accepts any JSON scalar as its text, to be cast per feature.
 */
export function requestSchemaLiteral(features: readonly ColumnSpec[]): string {
  const fields = features
    .map((f) => `${quoteIdentifier(f.name, "feature name")}: ${sqlTypeName(f.type)}`)
    .join(", ");
  return schemaStringLiteral(
    `STRUCT<dataframe_records: ARRAY<STRUCT<${fields}>>, ` +
      `dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>>`,
  );
}

/** Schema for the response JSON: the predictions array, typed as the prediction column. */
export function responseSchemaLiteral(prediction: ColumnSpec): string {
  return schemaStringLiteral(`STRUCT<predictions: ARRAY<${sqlTypeName(prediction.type)}>>`);
}

/**
 * A `named_struct` turning one split row into the same struct type as a record, so both shapes
 * can be exploded as one array.
 * - array_position finds the feature among `columns` (1-based, 0 when absent);
 * - nullif(…, 0) turns "absent" into NULL, because try_element_at rejects index 0;
 * - CAST(… AS INT): array_position returns BIGINT, try_element_at takes INT;
 * - try_element_at gives NULL for a short row instead of failing the statement;
 * - try_cast gives NULL for a value that does not convert, where CAST under ANSI mode (the
 *   default on SQL warehouses) would fail the whole refresh.
 */
export function splitRowAsRecord(
  features: readonly ColumnSpec[],
  rowVariable: string,
  columnsExpression: string,
): string {
  const fields = features.map((f) => {
    const position = `CAST(nullif(array_position(${columnsExpression}, ${identifierAsStringLiteral(f.name)}), 0) AS INT)`;
    const text = `try_element_at(${rowVariable}, ${position})`;
    const value = f.type === "string" ? text : `try_cast(${text} AS ${sqlTypeName(f.type)})`;
    return `${identifierAsStringLiteral(f.name)}, ${value}`;
  });
  return `named_struct(\n${fields.map((field) => `  ${field}`).join(",\n")}\n)`;
}
