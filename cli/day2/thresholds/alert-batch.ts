import { alertQueryTables, alertSeverities, thresholdRowsOf } from "../../../core/alert-spec";
import type { ModelSpec } from "../../../config/model-spec";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
  alertQueryBeforeMetricTablesSql,
  alertQueryParameters,
  alertQuerySql,
} from "../../../sql/alert-queries";

import { sqlInteger } from "../../../sql/sql-integers";
import type { Statement } from "../batched-statements";
import { renameParameterMarkers } from "../parameter-markers";
import { quoteIdentifier as q } from "../../../sql/quoting";
import type { Severity } from "../../../core/enums";

/**
 * The alerts of many models as one statement. Each alert runs the query its AlertV2 runs, with
 * its own parameters (what the AlertV2's `parameters` bind): alertQuerySql, or, for a script
 * alert whose metric tables do not exist yet, the branch the script takes then
 * (alertQueryBeforeMetricTablesSql). A script cannot be a subquery, so the batch runs the
 * branch; the choice the script makes (both tables exist) is made by the caller. To run them
 * side by side, each query's markers get the check's index (`:model` -> `:model_3`) and its
 * one-row result is tagged with that index; nothing else in the text changes.
 */

export interface AlertCheck {
  spec: ModelSpec;
  severity: Severity;
  /** Run the script's branch for metric tables that do not exist yet. */
  beforeMetricTables?: boolean;
}

export const CHECK_INDEX_COLUMN = "check_index";

/** One check per alert the stack deploys: each model, each severity that has thresholds. */
export function alertChecks(models: readonly ModelSpec[], severity?: Severity): AlertCheck[] {
  return models.flatMap((spec) =>
    alertSeverities(thresholdRowsOf(spec))
      .filter((s) => severity === undefined || s === severity)
      .map((s) => ({ spec, severity: s })),
  );
}

export function alertBatchStatement(
  checks: readonly AlertCheck[],
  indexes: readonly number[],
): Statement {
  const parameters: Record<string, unknown> = {};
  const queries = new Map<string, string>();
  const branches = indexes.map((index) => {
    const check = checks[index];
    if (check === undefined) throw new Error(`no alert check ${index}`);
    const before = check.beforeMetricTables === true;
    const key = `${check.spec.name}${before ? " before metric tables" : ""}`;
    let query = queries.get(key);
    if (query === undefined) {
      const tables = alertQueryTables(check.spec);
      query = before ? alertQueryBeforeMetricTablesSql(tables) : alertQuerySql(tables);
      queries.set(key, query);
    }
    const values = alertQueryParameters(check.spec.name, check.severity);
    const renamed: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      renamed[name] = `${name}_${index}`;
      parameters[`${name}_${index}`] = value;
    }
    return [
      `SELECT ${sqlInteger(index, "check index", 0, 1_000_000)} AS ${q(CHECK_INDEX_COLUMN)}, ` +
        `${q("alert")}.${q(ALERT_VALUE_COLUMN)}, ${q("alert")}.${q(ALERT_DETAIL_COLUMN)}, ` +
        `${q("alert")}.${q(ALERT_STATUS_COLUMN)}`,
      "FROM (",
      // Not re-indented: apart from the marker names, the text is byte for byte the alert's.
      renameParameterMarkers(query, renamed),
      `) AS ${q("alert")}`,
    ].join("\n");
  });
  return { sql: branches.join("\nUNION ALL\n"), parameters };
}
