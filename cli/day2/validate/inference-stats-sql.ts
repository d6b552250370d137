import { rowsWithoutFeaturesSql } from "../../../sql/processed-table-checks";
import { commaLines, indent } from "../../../sql/sql-text";
import { sqlInteger } from "../../../sql/sql-integers";
import type { ProcessedTableSpec } from "../../../core/processed-table-spec";
import type { Statement } from "../batched-statements";
import { quoteIdentifier as q, quoteTableName } from "../../../sql/quoting";

/**
 * One statement measuring the inference tables of many models, one UNION ALL branch each:
 * newest payload and processed rows (and their age in minutes on the warehouse's clock, as the
 * alert's staleness check measures it), requests and failed requests (status other than 200)
 * in the last `days`, and processed rows without any feature (rowsWithoutFeaturesSql: requests
 * the refresh could not parse). A table that failed its existence or schema check is left out
 * of its model's branch (NULLs instead), so the statement only names tables that can be read.
 * Idempotent (a SELECT): the SQL runner may send it again after a lost answer.
 */

export interface InferenceStatsPart {
  spec: ProcessedTableSpec;
  readPayload: boolean;
  readProcessed: boolean;
}

export interface InferenceStatsRow {
  model_index: number;
  payload_newest: Date | string | null;
  payload_age_minutes: number | null;
  payload_requests: number | null;
  failed_requests: number | null;
  /** Age of the oldest row, for the retention checks. */
  payload_oldest_age_minutes: number | null;
  processed_newest: Date | string | null;
  processed_age_minutes: number | null;
  processed_oldest_age_minutes: number | null;
  rows_checked: number | null;
  rows_without_features: number | null;
}

const TIME = q("request_time");
const age = (newest: string) => `timestampdiff(MINUTE, ${newest}, current_timestamp())`;

function payloadStats(part: InferenceStatsPart, days: string): string {
  if (!part.readPayload) {
    return "SELECT CAST(NULL AS TIMESTAMP) AS `payload_newest`, CAST(NULL AS BIGINT) AS `payload_age_minutes`, CAST(NULL AS BIGINT) AS `payload_oldest_age_minutes`, CAST(NULL AS BIGINT) AS `payload_requests`, CAST(NULL AS BIGINT) AS `failed_requests`";
  }
  const recent = `${TIME} >= current_timestamp() - make_dt_interval(${days})`;
  return [
    "SELECT",
    indent(
      commaLines([
        `max(${TIME}) AS ${q("payload_newest")}`,
        `${age(`max(${TIME})`)} AS ${q("payload_age_minutes")}`,
        `${age(`min(${TIME})`)} AS ${q("payload_oldest_age_minutes")}`,
        `count_if(${recent}) AS ${q("payload_requests")}`,
        `count_if(${recent} AND ${q("status_code")} <> 200) AS ${q("failed_requests")}`,
      ]),
    ),
    `FROM ${quoteTableName(part.spec.payloadTable)}`,
  ].join("\n");
}

function processedStats(part: InferenceStatsPart, lastDays: number): [string, string] {
  if (!part.readProcessed) {
    return [
      "SELECT CAST(NULL AS TIMESTAMP) AS `processed_newest`, CAST(NULL AS BIGINT) AS `processed_age_minutes`, CAST(NULL AS BIGINT) AS `processed_oldest_age_minutes`",
      "SELECT CAST(NULL AS BIGINT) AS `rows_checked`, CAST(NULL AS BIGINT) AS `rows_without_features`",
    ];
  }
  return [
    [
      `SELECT max(${TIME}) AS ${q("processed_newest")}, ${age(`max(${TIME})`)} AS ${q("processed_age_minutes")}, ${age(`min(${TIME})`)} AS ${q("processed_oldest_age_minutes")}`,
      `FROM ${quoteTableName(part.spec.processedTable)}`,
    ].join("\n"),
    rowsWithoutFeaturesSql(part.spec, lastDays),
  ];
}

export function inferenceStatsStatement(
  parts: readonly InferenceStatsPart[],
  indexes: readonly number[],
  lastDays: number,
): Statement {
  const days = sqlInteger(lastDays, "days", 1, 3660);
  const branches = indexes.map((index) => {
    const part = parts[index];
    if (part === undefined) throw new Error(`no inference tables for model ${index}`);
    const [newest, unparsed] = processedStats(part, lastDays);
    const column = (alias: string, name: string) => `${q(alias)}.${q(name)}`;
    return [
      "SELECT",
      indent(
        commaLines([
          `${sqlInteger(index, "model index", 0, 1_000_000)} AS ${q("model_index")}`,
          ...[
            "payload_newest",
            "payload_age_minutes",
            "payload_oldest_age_minutes",
            "payload_requests",
            "failed_requests",
          ].map((c) => column("p", c)),
          ...["processed_newest", "processed_age_minutes", "processed_oldest_age_minutes"].map(
            (c) => column("n", c),
          ),
          ...["rows_checked", "rows_without_features"].map((c) => column("r", c)),
        ]),
      ),
      `FROM (\n${indent(payloadStats(part, days))}\n) AS ${q("p")}`,
      `CROSS JOIN (\n${indent(newest)}\n) AS ${q("n")}`,
      `CROSS JOIN (\n${indent(unparsed)}\n) AS ${q("r")}`,
    ].join("\n");
  });
  return { sql: branches.join("\nUNION ALL\n"), parameters: {} };
}
