import { sqlTypeName } from "./column-types";

import { modelIdCtes, modelIdSourceOf } from "./model-id";
import { LABEL_LOOKBACK_DAYS_RANGE, LATE_ARRIVAL_HOURS_RANGE } from "./processed-table-spec";
import { processedTableColumns, type ProcessedColumn } from "./processed-table-columns";
import { requestRecordsArray, requestSchemaLiteral } from "./request-shapes";
import { predictionColumns, predictionOfRecord } from "./response-shapes";
import { sqlInteger } from "./sql-integers";
import { commaLines, indent, type NamedCte } from "./sql-text";
import type { LabelsJoin } from "../core/types";
import { quoteIdentifier as q, quoteTableName } from "./quoting";
import type { ProcessedTableSpec } from "../core/processed-table-spec";

/**
 * One MERGE that brings the processed table up to date from the payload table. It is
 * incremental (reads only a window of recent payload rows), idempotent (keyed on request id
 * and record position, so re-running it or overlapping windows insert nothing twice) and
 * fills late labels when a labels join is declared.
 *
 * Aliases and CTE names in the text are constants of this file; every table and column name
 * goes through quoteIdentifier; the only numbers spliced are the validated window sizes.
 */
export function refreshProcessedTableSql(spec: ProcessedTableSpec): string {
  const columns = processedTableColumns(spec); // validates the spec
  const label = columns.find((c) => c.role === "label");
  const join = label ? spec.labelsJoin : undefined;
  const source = [
    "WITH",
    refreshCtes(spec)
      .map((cte) => cte.text)
      .join(",\n"),
    sourceSelect(columns, join, label),
  ].join("\n");

  const clauses = [
    `MERGE INTO ${quoteTableName(spec.processedTable)} AS tgt`,
    "USING (",
    indent(source),
    ") AS src",
    "-- All rows of one request share its request_date: comparing it lets Delta skip target files.",
    `ON tgt.${q("databricks_request_id")} = src.${q("databricks_request_id")}`,
    `  AND tgt.${q("record_index")} = src.${q("record_index")}`,
    `  AND tgt.${q("request_date")} = src.${q("request_date")}`,
  ];
  if (label) {
    const name = q(label.name, "label column");
    clauses.push(
      "-- Labels arrive late: fill them in on rows inserted earlier, never overwrite one.",
      `WHEN MATCHED AND tgt.${name} IS NULL AND src.${name} IS NOT NULL THEN`,
      `  UPDATE SET tgt.${name} = src.${name}`,
    );
  }
  const names = columns.map((c) => q(c.name, "column name"));
  clauses.push(
    "WHEN NOT MATCHED THEN",
    "  INSERT (",
    indent(commaLines(names), 2),
    "  )",
    "  VALUES (",
    indent(commaLines(names.map((n) => `src.${n}`)), 2),
    "  )",
  );
  return clauses.join("\n");
}

/**
 * The CTEs of the MERGE source, in order: the window, the payload rows in it, the requests to
 * process with their model ids (model-id.ts), their parsed JSON, one row per record, and the
 * labels. Validates the spec.
 */
export function refreshCtes(spec: ProcessedTableSpec): NamedCte[] {
  const columns = processedTableColumns(spec); // validates the spec
  const label = columns.find((c) => c.role === "label");
  const join = label ? spec.labelsJoin : undefined;
  return [
    refreshWindowCte(spec, join),
    payloadRowsCte(spec),
    ...modelIdCtes(modelIdSourceOf(spec)),
    parsedRequestsCte(spec),
    requestRecordsCte(spec),
    ...(join && label ? [labelValuesCte(join)] : []),
  ];
}

/**
 * The oldest request_time to (re)read: the newest processed row minus the late-arrival margin,
 * or minus the labels lookback when that reaches further. Anchored on the data rather than the
 * clock, so an endpoint that went quiet still gets labels for its last requests. An empty
 * processed table reads the payload table from the start.
 */
function refreshWindowCte(spec: ProcessedTableSpec, join: LabelsJoin | undefined): NamedCte {
  const newest = `max(existing.${q("request_time")})`;
  const hours = sqlInteger(
    spec.lateArrivalHours,
    "lateArrivalHours",
    LATE_ARRIVAL_HOURS_RANGE.min,
    LATE_ARRIVAL_HOURS_RANGE.max,
  );
  // make_dt_interval(days, hours): a day-time interval, subtractable from a TIMESTAMP.
  let since = `${newest} - make_dt_interval(0, ${hours})`;
  if (join) {
    const days = sqlInteger(
      join.lookbackDays,
      "labelsJoin.lookbackDays",
      LABEL_LOOKBACK_DAYS_RANGE.min,
      LABEL_LOOKBACK_DAYS_RANGE.max,
    );
    since = `least(\n  ${since},\n  ${newest} - make_dt_interval(${days})\n)`;
  }
  const text = [
    "-- Incremental window: payload rows land late (best effort), so re-read a margin behind the",
    "-- newest processed row. MERGE skips rows already there.",
    "refresh_window AS (",
    "  SELECT coalesce(",
    indent(since, 2) + ",",
    "    TIMESTAMP '1970-01-01 00:00:00'",
    "  ) AS since",
    `  FROM ${quoteTableName(spec.processedTable)} AS existing`,
    ")",
  ].join("\n");
  return { name: "refresh_window", text };
}

function payloadRowsCte(spec: ProcessedTableSpec): NamedCte {
  const since = "(SELECT refresh_window.since FROM refresh_window)";
  const text = [
    "payload_rows AS (",
    "  SELECT",
    ...["databricks_request_id", "client_request_id", "request_time", "request_date"].map(
      (column) => `    payload.${q(column)},`,
    ),
    `    payload.${q("served_entity_id")},`,
    `    payload.${q("request")},`,
    `    payload.${q("response")},`,
    "    -- The payload log may hold a request twice: only the first copy is used.",
    "    row_number() OVER (",
    `      PARTITION BY payload.${q("databricks_request_id")}`,
    `      ORDER BY payload.${q("request_time")}`,
    "    ) AS copy_number",
    `  FROM ${quoteTableName(spec.payloadTable)} AS payload`,
    "  -- Only successful requests carry a prediction worth monitoring.",
    `  WHERE payload.${q("status_code")} = 200`,
    `    AND payload.${q("databricks_request_id")} IS NOT NULL`,
    `    AND payload.${q("request_time")} >= ${since}`,
    "    -- request_date clusters the payload table, so this lets Delta skip files. One day of",
    "    -- slack because to_date uses the session time zone and request_date is UTC.",
    `    AND payload.${q("request_date")} >= date_sub(to_date(${since}), 1)`,
    ")",
  ].join("\n");
  return { name: "payload_rows", text };
}

const KEPT_COLUMNS = [
  "databricks_request_id",
  "client_request_id",
  "request_time",
  "request_date",
  "model_id",
  "served_entity_id",
] as const;

function parsedRequestsCte(spec: ProcessedTableSpec): NamedCte {
  const text = [
    "parsed_requests AS (",
    "  SELECT",
    ...KEPT_COLUMNS.map((column) => `    model_requests.${q(column)},`),
    "    -- from_json returns NULL for JSON it cannot parse instead of failing the statement.",
    `    from_json(model_requests.${q("request")}, ${requestSchemaLiteral(spec.features)}) AS request_json,`,
    indent(predictionColumns(`model_requests.${q("response")}`).join("\n"), 2),
    "  FROM model_requests",
    ")",
  ].join("\n");
  return { name: "parsed_requests", text };
}

function requestRecordsCte(spec: ProcessedTableSpec): NamedCte {
  const position = "coalesce(exploded.record_pos, 0)";
  const featureLines = spec.features.map((f) => {
    const name = q(f.name, "feature name");
    return `    exploded.record_values.${name} AS ${name},`;
  });
  const prediction = q(spec.prediction.name, "prediction column");
  const kept = (column: string) => `    parsed_requests.${q(column)},`;
  const text = [
    "-- One row per record, whichever shape the request used: other shapes are rebuilt as records,",
    "-- then posexplode keeps the position of each record to align it with its prediction. OUTER keeps",
    "-- a request that has none of the shapes (or is not JSON) as one row with NULL features.",
    "request_records AS (",
    "  SELECT",
    kept("databricks_request_id"),
    kept("client_request_id"),
    `    ${position} AS ${q("record_index")},`,
    ...["request_time", "request_date", "model_id", "served_entity_id"].map(kept),
    ...featureLines,
    "    -- Predictions are in record order. try_element_at is 1-based and NULL past the end.",
    indent(predictionOfRecord(spec.prediction, "parsed_requests", position), 2) +
      ` AS ${prediction}`,
    "  FROM parsed_requests",
    "  LATERAL VIEW OUTER posexplode(",
    indent(requestRecordsArray(spec.features, "parsed_requests.request_json"), 2),
    "  ) exploded AS record_pos, record_values",
    ")",
  ].join("\n");
  return { name: "request_records", text };
}

function labelValuesCte(join: LabelsJoin): NamedCte {
  const key = `labels.${q(join.keyColumn, "labels key column")}`;
  const value = `labels.${q(join.labelColumn, "labels label column")}`;
  const text = [
    "-- One label per key: a key with conflicting labels gets none rather than a guess. Keys",
    "-- compare as STRING because the labels key and the request key may differ in type.",
    "label_values AS (",
    "  SELECT",
    `    CAST(${key} AS STRING) AS label_key,`,
    `    min(${value}) AS label_value`,
    `  FROM ${quoteTableName(join.table)} AS labels`,
    `  WHERE ${key} IS NOT NULL AND ${value} IS NOT NULL`,
    `  GROUP BY CAST(${key} AS STRING)`,
    `  HAVING count(DISTINCT ${value}) = 1`,
    ")",
  ].join("\n");
  return { name: "label_values", text };
}

/** The MERGE source: exactly the processed table's columns, by name and in order. */
function sourceSelect(
  columns: readonly ProcessedColumn[],
  join: LabelsJoin | undefined,
  label: ProcessedColumn | undefined,
): string {
  const expressions = columns.map((column) => {
    const name = q(column.name, "column name");
    if (column.name === "processed_at") return `current_timestamp() AS ${name}`;
    if (column.role === "label") {
      return `try_cast(label_values.label_value AS ${sqlTypeName(column.type)}) AS ${name}`;
    }
    return `request_records.${name}`;
  });
  const from = ["FROM request_records"];
  if (join && label) {
    from.push(
      "LEFT JOIN label_values",
      `  ON label_values.label_key = CAST(request_records.${q(join.requestKey, "labelsJoin.requestKey")} AS STRING)`,
    );
  }
  return ["SELECT", indent(commaLines(expressions)), ...from].join("\n");
}
