import type { AlertQueryTables } from "../core/alert-spec";
import { driftCheckCtes } from "./alert-drift-checks";
import {
  metricsAgeChecksCte,
  newestMetricsWindowCte,
  newestRowCte,
  nullRateChecksCte,
  profileWindowsCte,
  rowCountChecksCte,
  stalenessChecksCte,
} from "./alert-data-quality-checks";
import {
  ALERT_DETAIL_COLUMN,
  ALERT_STATUS_COLUMN,
  ALERT_VALUE_COLUMN,
  breachesCte,
  checksCte,
  invalidRowsCte,
  missingThresholdsCte,
  modelStageCte,
  summaryCte,
} from "./alert-outcome";
import { col, q, type Cte } from "./alert-query-parts";
import { identifierAsStringLiteral, quoteIdentifier, quoteTableName } from "./quoting";
import { noChecksCte, noMetricsWindowCte } from "./alert-before-metric-tables";
import type { AlertQueryForm } from "../core/enums";
import { commaLines, indent } from "./sql-text";

/**
 * The alert query of one model and severity: ONE row, whose `violations` column is the number
 * of thresholds in breach (what the AlertV2 compares: GREATER_THAN_OR_EQUAL 1), whose `breaches`
 * column names them for the notification, e.g.
 * `amount ks_test.pvalue CONSECUTIVE 1 day: 0.0012 < 0.01; :table staleness_hours DATA_QUALITY: 30.5 > 24.0`,
 * and whose `model_status` says where the model stands: "waiting for first request" (no
 * processed row yet), "waiting for first window" (rows, but no finished metrics window) or
 * "monitoring". The two waiting states are not breaches: the alert stays OK and says so.
 *
 * Design:
 * - Thresholds are read from the thresholds table at evaluation time, so the query text is the
 *   same for every threshold set; the model and severity are named parameters (`:model`,
 *   `:severity`) bound by the alert's `parameters`.
 * - A threshold's statistic selects a metric column through a fixed CASE over the statistics
 *   this project knows (config/drift-statistics.ts): table text never becomes SQL.
 * - "Latest window" = the newest window that has ended, per granularity (and per drift type for
 *   drift rows), whole-table rows over all model ids only (monitor-metric-rows.ts). An
 *   unfinished window would make the row-count check fire every morning and the drift tests
 *   noisy.
 *   ASSUMPTION: the metric tables hold a window only once the monitor's refresh has computed
 *   it, so "ended" is close enough to "complete". A window that ended after the last refresh
 *   and before the alert runs is not in the table yet and the previous one is read: schedule
 *   the alert after the monitor's refresh (README, "Thresholds and alerts"), not before it.
 * - Data quality from the same thresholds table (drift_type DATA_QUALITY): null rate of a
 *   feature in the latest profile window, row count of the latest window against the one
 *   before it, hours since the newest processed row, and (opt-in) hours since the newest
 *   finished profile window ended: a monitor whose refreshes fail or stopped says so itself
 *   instead of through misleading drift and volume figures.
 * - Rows the query cannot evaluate (unknown statistic, check type or comparator) and a model
 *   with no thresholds at all count as breaches: a broken threshold must not look healthy.
 * - Idempotent (a SELECT), run by the alert on its schedule and by check-thresholds, which may
 *   send it again after a lost answer.
 * - No data yet is not a breach. An empty processed table (no request yet) has no staleness;
 *   empty metric tables give no drift or profile checks; "hours since the newest finished
 *   window" with no window at all counts the hours since the oldest processed row instead, so
 *   a monitor that never manages a window still breaches once the data is older than the limit.
 * - Drift statistics are read by name from the row as JSON, not as columns: a metric table
 *   without one of them (UNCONFIRMED which statistics Databricks writes, e.g. PSI for numeric
 *   columns) does not break the whole query; a threshold on the missing statistic cannot be
 *   evaluated and counts as a breach that names the column.
 * - Metric tables that do not exist yet: they exist only after the monitor's first successful
 *   refresh, and a refresh of a table without rows may write none (UNCONFIRMED). A statement
 *   that names a missing table fails as a whole, and no single SQL statement can tolerate it,
 *   so the AlertV2 holds a SQL script (alertScriptSql): it looks the two tables up in the
 *   catalog's information_schema and runs this query when both exist, else the same query
 *   without the checks that read them (alertQueryBeforeMetricTablesSql), which says "waiting
 *   for first request/window" and still runs every check that needs no metric table
 *   (staleness, metrics age, missing or invalid thresholds). The alert is OK, not ERROR,
 *   until the tables appear, then reads them with no change. `alerting.queryForm: statement` sends this query alone, for
 *   warehouses without SQL scripting; its evaluations end in ERROR until the tables exist.
 */

export { ALERT_DETAIL_COLUMN, ALERT_STATUS_COLUMN, ALERT_VALUE_COLUMN };

/** The AlertV2 `parameters` the query expects (values bound, never spliced). */
export function alertQueryParameters(
  model: string,
  severity: string,
): { model: string; severity: string } {
  return { model, severity };
}

/** The model's thresholds of the alert's severity: every check starts from these. */
function thresholdsCte(thresholdsTable: string): Cte {
  return [
    "thresholds",
    [
      `SELECT ${["column_name", "statistic", "drift_type", "comparator", "value"].map((c) => col("t", c)).join(", ")}`,
      `FROM ${thresholdsTable} AS t`,
      `WHERE ${col("t", "model")} = :model AND ${col("t", "severity")} = :severity`,
    ].join("\n"),
  ];
}

/** The CTEs of the query, over the metric tables or as they stand before the tables exist. */
function alertQueryCtes(tables: AlertQueryTables, metricTables: boolean): Cte[] {
  const profile = quoteTableName(tables.profileMetricsTable);
  const metricChecks: Cte[] = metricTables
    ? [
        ...driftCheckCtes(quoteTableName(tables.driftMetricsTable)),
        profileWindowsCte(profile),
        nullRateChecksCte(profile),
        rowCountChecksCte(),
      ]
    : ["drift_checks", "null_rate_checks", "row_count_checks"].map(noChecksCte);
  return [
    thresholdsCte(quoteTableName(tables.thresholdsTable)),
    ...metricChecks,
    newestRowCte(quoteTableName(tables.processedTable), tables.timestampColumn),
    stalenessChecksCte(),
    metricTables ? newestMetricsWindowCte(profile) : noMetricsWindowCte(),
    metricsAgeChecksCte(),
    invalidRowsCte(),
    missingThresholdsCte(),
    checksCte(),
    breachesCte(),
    summaryCte(),
    modelStageCte(),
  ];
}

function alertQueryOf(ctes: readonly Cte[]): string {
  return [
    "WITH",
    commaLines(ctes.map(([name, body]) => `${name} AS (\n${indent(body)}\n)`)),
    `SELECT ${col("s", ALERT_VALUE_COLUMN)}, ${col("s", ALERT_DETAIL_COLUMN)}, ${col("st", "stage")} AS ${q(ALERT_STATUS_COLUMN)}`,
    "FROM summary AS s",
    "CROSS JOIN model_stage AS st",
  ].join("\n");
}

/** The alert query over the metric tables (fails while either does not exist). */
export function alertQuerySql(tables: AlertQueryTables): string {
  return alertQueryOf(alertQueryCtes(tables, true));
}

/**
 * The same query before the metric tables exist: naming neither, it runs the checks that need
 * none and finds no drift, null-rate or row-count reading (alert-before-metric-tables.ts).
 */
export function alertQueryBeforeMetricTablesSql(tables: AlertQueryTables): string {
  return alertQueryOf(alertQueryCtes(tables, false));
}

/**
 * How many of `tables` exist in `catalog`.`schema`, as a scalar subquery. Read from the
 * catalog's information_schema, which lists the tables the caller holds a privilege on: the
 * alert's run-as reads these tables anyway, so a table it cannot see is one it could not read.
 * Unity Catalog keeps names in lower case. Preflight runs the same subquery (sql-probe.ts).
 */
export function tablesPresentSql(catalog: string, schema: string, tables: readonly string[]) {
  const names = tables.map((name) => identifierAsStringLiteral(name.toLowerCase(), "table name"));
  return [
    `(SELECT count(*) FROM ${quoteIdentifier(catalog, "catalog name")}.${q("information_schema")}.${q("tables")}`,
    ` WHERE ${q("table_schema")} = ${identifierAsStringLiteral(schema.toLowerCase(), "schema name")}`,
    ...(names.length === 0 ? [] : [` AND ${q("table_name")} IN (${names.join(", ")})`]),
    ")",
  ].join("");
}

/** True when both metric tables exist (they live in the monitor's output schema). */
function metricTablesExistCondition(tables: AlertQueryTables): string {
  const { profileMetricsTable: profile, driftMetricsTable: drift } = tables;
  if (profile.catalog !== drift.catalog || profile.schema !== drift.schema) {
    throw new Error("the metric tables of one monitor live in one schema");
  }
  return `${tablesPresentSql(profile.catalog, profile.schema, [profile.table, drift.table])} = 2`;
}

/**
 * The text the AlertV2 holds by default: a SQL script (Databricks SQL scripting, BEGIN ... END)
 * that runs alertQuerySql once both metric tables exist and alertQueryBeforeMetricTablesSql
 * until then. A script returns the result of the query it ran; each statement is analysed only
 * when it runs, so the branch not taken may name a missing table. UNCONFIRMED that an AlertV2
 * evaluation runs scripts: `alerting.queryForm: statement` sends alertQuerySql alone, and
 * preflight checks that the warehouse runs one.
 */
export function alertScriptSql(tables: AlertQueryTables): string {
  return [
    "BEGIN",
    indent(`IF ${metricTablesExistCondition(tables)} THEN`),
    `${indent(alertQuerySql(tables), 2)};`,
    indent("ELSE"),
    `${indent(alertQueryBeforeMetricTablesSql(tables), 2)};`,
    indent("END IF;"),
    "END",
  ].join("\n");
}

/** What the AlertV2 holds: the script (default), or the statement alone. */
export function alertQueryText(tables: AlertQueryTables, form: AlertQueryForm): string {
  return form === "script" ? alertScriptSql(tables) : alertQuerySql(tables);
}
