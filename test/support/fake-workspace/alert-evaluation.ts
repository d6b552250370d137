import type { AlertEvaluationState, AlertStore } from "./alerts";
import type { JsonObject } from "./fields";

/**
 * What Databricks does when an AlertV2's schedule fires (docs: "Databricks SQL alerts"): run
 * `query_text` on `warehouse_id` with the alert's `parameters` bound, read the `source` column
 * of the first row and compare it with the threshold. No row: `empty_result_state`. A failed
 * statement: ERROR. The fake runs it on the local warehouse when a test asks, and records the
 * state GET then shows. UNCONFIRMED: that Databricks runs `query_text` unchanged when no
 * aggregation is set (with one it wraps the text in a CTE); a script runs as it would in the
 * SQL editor here.
 */

export type RunQuery = (
  sql: string,
  parameters: Record<string, string>,
) => Promise<Array<Record<string, unknown>>>;

export interface AlertEvaluation {
  state: AlertEvaluationState;
  /** The first row, when there was one. */
  row?: Record<string, unknown>;
  /** Why the evaluation ended in ERROR. */
  error?: string;
}

export async function evaluateAlert(
  store: AlertStore,
  id: string,
  runQuery: RunQuery,
): Promise<AlertEvaluation> {
  const alert = store.get(id);
  if (alert === undefined) throw new Error(`no alert ${id}`);
  const evaluation = alert.evaluation as JsonObject;
  const parameters = Object.fromEntries(
    ((alert.parameters ?? []) as JsonObject[]).map((p) => [String(p.name), String(p.value)]),
  );
  let rows: Array<Record<string, unknown>>;
  try {
    rows = await runQuery(String(alert.query_text), parameters);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    store.recordEvaluation(id, "ERROR");
    return { state: "ERROR", error: message };
  }
  const [row] = rows;
  const outcome: AlertEvaluation =
    row === undefined
      ? { state: (evaluation.empty_result_state as AlertEvaluationState | undefined) ?? "UNKNOWN" }
      : { state: compare(row, evaluation) ? "TRIGGERED" : "OK", row };
  store.recordEvaluation(id, outcome.state);
  return outcome;
}

/** AlertV2 ComparisonOperator (sql.py) over the source column and the threshold's value. */
function compare(row: Record<string, unknown>, evaluation: JsonObject): boolean {
  const source = String((evaluation.source as JsonObject).name);
  const value = row[source];
  const operator = String(evaluation.comparison_operator);
  if (operator === "IS_NULL") return value === null || value === undefined;
  if (operator === "IS_NOT_NULL") return value !== null && value !== undefined;
  const threshold = Number(
    ((evaluation.threshold as JsonObject | undefined)?.value as JsonObject | undefined)
      ?.double_value,
  );
  const observed = Number(value);
  switch (operator) {
    case "GREATER_THAN":
      return observed > threshold;
    case "GREATER_THAN_OR_EQUAL":
      return observed >= threshold;
    case "LESS_THAN":
      return observed < threshold;
    case "LESS_THAN_OR_EQUAL":
      return observed <= threshold;
    case "EQUAL":
      return observed === threshold;
    case "NOT_EQUAL":
      return observed !== threshold;
    default:
      throw new Error(`comparison_operator ${operator} is not modelled`);
  }
}
