import { sqlTypeName } from "./column-types";

import { schemaStringLiteral } from "./request-shapes";
import { indent } from "./sql-text";
import type { ColumnSpec } from "../core/types";
import { quoteIdentifier } from "./quoting";

/**
 * How the refresh reads the prediction of each record from the response, which keeps records
 * in request order under `predictions` in one of the shapes the scoring API returns:
 *   {"predictions": [p, ...]}                                  one scalar per record
 *   {"predictions": [{"<prediction>": p, ...}, ...]}          one object per record (a model
 *                                                             returning a DataFrame)
 *   {"predictions": {"<prediction>": [p, ...], ...}}          columnar (a model returning a dict)
 * `<prediction>` is the prediction column's name. The predictions are first taken as JSON text
 * (get_json_object keeps arrays and objects as JSON), so no parse has to guess their shape; the
 * first character tells an object from an array. Anything else gives a NULL prediction.
 */

/** `get_json_object` path of the predictions in the response. */
export const PREDICTIONS_PATH = "$.predictions";

/** The predictions' JSON text and, when it is an array, its elements as text. */
export function predictionColumns(response: string): string[] {
  const text = `get_json_object(${response}, '${PREDICTIONS_PATH}')`;
  return [
    "-- The predictions as JSON text whatever their shape, and as a list of texts when a list.",
    `${text} AS predictions_json,`,
    `from_json(${text}, ${schemaStringLiteral("ARRAY<STRING>")}) AS prediction_items`,
  ];
}

/**
 * The prediction of the record at 0-based `position`, typed as the prediction column (try_cast:
 * a value that does not convert is NULL rather than a failed refresh). `row` holds the two
 * columns of predictionColumns.
 */
export function predictionOfRecord(prediction: ColumnSpec, row: string, position: string): string {
  const field = quoteIdentifier(prediction.name, "prediction column");
  const item = `try_element_at(${row}.prediction_items, ${position} + 1)`;
  const text = [
    "CASE",
    `  WHEN ${row}.predictions_json LIKE '{%' THEN try_element_at(`,
    `    from_json(${row}.predictions_json, ${schemaStringLiteral(`STRUCT<${field}: ARRAY<STRING>>`)}).${field},`,
    `    ${position} + 1`,
    "  )",
    `  WHEN ${item} LIKE '{%' THEN`,
    `    from_json(${item}, ${schemaStringLiteral(`STRUCT<${field}: STRING>`)}).${field}`,
    `  ELSE ${item}`,
    "END",
  ].join("\n");
  if (prediction.type === "string") return text;
  return `try_cast(\n${indent(text)}\n  AS ${sqlTypeName(prediction.type)}\n)`;
}
