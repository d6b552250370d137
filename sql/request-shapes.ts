import { sqlTypeName } from "./column-types";

import { indent } from "./sql-text";
import type { ColumnSpec } from "../core/types";
import { identifierAsStringLiteral, quoteIdentifier } from "./quoting";

/**
 * How the refresh reads the request shapes of the model serving scoring API (MLflow's scoring
 * protocol), named inputs only:
 *   {"dataframe_records": [{"f1": v, ...}, ...]}
 *   {"dataframe_split": {"columns": ["f1", ...], "data": [[v, ...], ...]}}
 *   {"instances": [{"f1": v, ...}, ...]}                 (tensor input, row format)
 *   {"inputs": {"f1": [v, ...], "f2": [v, ...]}}          (tensor input, columnar format)
 * Unnamed tensors (`instances` or `inputs` as lists of lists) carry no feature names; a model
 * with a named (column) signature refuses them, so they never reach the payload table as
 * successful requests. A request in none of these shapes is kept as one row without features.
 * The response side is response-shapes.ts.
 */

/**
 * A `from_json` schema string. Its text is built only from validated identifiers (in
 * backticks) and type keywords from the ColumnType table, so it can hold no quote or
 * backslash; the check below keeps it that way.
 */
export function schemaStringLiteral(schema: string): string {
  if (!/^[A-Za-z0-9_ ,:<>`]*$/.test(schema)) {
    throw new Error(`from_json schema ${JSON.stringify(schema)} contains unexpected characters`);
  }
  return `'${schema}'`;
}

/**
 * Schema for the request JSON holding every shape. Records (and row-format instances) are typed
 * structs, and columnar inputs typed arrays, so the JSON parser types each value directly. Split
 * rows are ARRAY<ARRAY<STRING>>: a row mixes types, and a STRING element accepts any JSON scalar
 * as its text, to be cast per feature.
 */
export function requestSchemaLiteral(features: readonly ColumnSpec[]): string {
  const typed = (wrap: (type: string) => string) =>
    features
      .map((f) => `${quoteIdentifier(f.name, "feature name")}: ${wrap(sqlTypeName(f.type))}`)
      .join(", ");
  const record = `STRUCT<${typed((type) => type)}>`;
  return schemaStringLiteral(
    `STRUCT<dataframe_records: ARRAY<${record}>, ` +
      `dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>, ` +
      `instances: ARRAY<${record}>, ` +
      `inputs: STRUCT<${typed((type) => `ARRAY<${type}>`)}>>`,
  );
}

/**
 * The request's records as one array of structs of the same type, whichever shape it used:
 * records and instances as parsed, split rows and columnar inputs rebuilt as records.
 * `requestJson` is the parsed request (the struct of requestSchemaLiteral).
 */
export function requestRecordsArray(features: readonly ColumnSpec[], requestJson: string): string {
  const split = `${requestJson}.dataframe_split`;
  return [
    "coalesce(",
    `  ${requestJson}.dataframe_records,`,
    `  ${requestJson}.instances,`,
    "  transform(",
    `    ${split}.data,`,
    "    split_row -> " +
      indent(splitRowAsRecord(features, "split_row", `${split}.columns`), 2).trimStart(),
    "  ),",
    indent(columnarInputsAsRecords(features, `${requestJson}.inputs`)),
    ")",
  ].join("\n");
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

/**
 * Columnar inputs ({"f1": [...], "f2": [...]}) as records: record i takes element i of every
 * feature's array (try_element_at: NULL where an array is shorter). The record count is the
 * longest array; `size` of a missing array is NULL or -1 depending on the warehouse's ANSI
 * settings, so anything below 1 means "not this shape" (NULL, and coalesce moves on).
 */
export function columnarInputsAsRecords(
  features: readonly ColumnSpec[],
  inputsExpression: string,
): string {
  const array = (f: ColumnSpec) => `${inputsExpression}.${quoteIdentifier(f.name, "feature name")}`;
  const sizes = features.map((f) => `size(${array(f)})`);
  // greatest needs two arguments or more.
  const count = sizes.length === 1 ? (sizes[0] as string) : `greatest(${sizes.join(", ")})`;
  const fields = features.map(
    (f) => `  ${identifierAsStringLiteral(f.name)}, try_element_at(${array(f)}, record_number)`,
  );
  return [
    `CASE WHEN ${count} > 0 THEN transform(`,
    `  sequence(1, ${count}),`,
    "  record_number -> named_struct(",
    indent(fields.join(",\n")),
    "  )",
    ") END",
  ].join("\n");
}
