import { ALERT_VALUE_COLUMN } from "../../../sql/alert-queries";

/**
 * How every AlertV2 of this project turns its query result into a state (components/DriftAlerts.ts:
 * evaluation.source = the violations column, GREATER_THAN_OR_EQUAL 1, emptyResultState TRIGGERED; a test
 * keeps the two in step). check-thresholds applies exactly this to the same query's result.
 */
export const ALERT_CONDITION = {
  source: ALERT_VALUE_COLUMN,
  comparisonOperator: "GREATER_THAN_OR_EQUAL",
  threshold: 1,
  emptyResultState: "TRIGGERED",
} as const;

/** The alert's state for its query's first row (undefined: the query returned no row). */
export function alertState(firstRow: Record<string, unknown> | undefined): "ok" | "triggered" {
  if (firstRow === undefined)
    return ALERT_CONDITION.emptyResultState === "TRIGGERED" ? "triggered" : "ok";
  const value = Number(firstRow[ALERT_CONDITION.source]);
  return value >= ALERT_CONDITION.threshold ? "triggered" : "ok";
}
