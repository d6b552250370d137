import type { MetricOverride } from "../../../support/warehouse";
import { payloadTableColumns } from "../../../support/databricks-tables";
import { alertQueryTables, thresholdRowsOf } from "../../../../core/alert-spec";
import { processedTableSpecOf } from "../../../../core/processed-table-spec";
import type { ModelSpec } from "../../../../config/model-spec";
import { formatTableName } from "../../../../core/names";
import { createProcessedTableSql } from "../../../../sql/processed-table";
import { processedTableColumns } from "../../../../sql/processed-table-columns";
import {
  applyThresholdChangesSql,
  createThresholdsTableSql,
} from "../../../../sql/thresholds-table";
import type { Day2Harness } from "./harness";

/**
 * What a model looks like in the workspace, written into both stand-ins: Unity Catalog and the
 * monitor in the fake workspace, rows in the warehouse. The thresholds are written with the
 * DriftThresholds provider's own statements, the processed table with its own DDL.
 */

const HOUR = 3_600_000;

/**
 * Fraud-like models: two features and a categorical prediction (test/helpers baseModel). They
 * all serve ml.models.fraud, so none of them governs it (one model per registered model may).
 */
export function fraudModel(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    template: "classification",
    registeredModel: "ml.models.fraud",
    governance: { registeredModel: { manage: false } },
    version: "3",
    features: [
      { name: "amount", type: "double" },
      { name: "merchant_category", type: "string" },
    ],
    prediction: { name: "is_fraud", type: "int", categorical: true },
    ...overrides,
  };
}

export interface ModelState {
  payload?: "fresh" | "stale" | "missing" | "legacy";
  processed?: "fresh" | "stale" | "missing" | "empty" | "wrong-schema";
  /** Share of payload requests answered 4xx/5xx. Default 0.02. */
  failureRate?: number;
  /** Share of processed rows without any feature. Default 0. */
  unparsedShare?: number;
  /** Metric tables: stable values, with these overrides, or none (never refreshed). */
  metrics?: "stable" | "missing" | MetricOverride[];
  monitor?: "active" | "missing" | "fails-refresh";
  thresholds?: boolean;
}

const METRIC_COLUMNS = [
  { name: "amount", kind: "numeric" as const, mean: 120, stddev: 40 },
  {
    name: "merchant_category",
    kind: "categorical" as const,
    values: ["grocery", "travel", "fuel"],
  },
  { name: "is_fraud", kind: "categorical" as const, values: ["0", "1"] },
];

/** A critical ks_test breach on amount and a warning js_distance on merchant_category. */
export const DRIFTING: MetricOverride[] = [
  { table: "drift", column: "amount", values: { ks_test: { statistic: 0.4, pvalue: 0.001 } } },
  { table: "drift", column: "merchant_category", values: { js_distance: 0.15 } },
];

export async function seedModel(
  h: Day2Harness,
  name: string,
  state: ModelState = {},
): Promise<ModelSpec> {
  const spec = h.spec(name);
  const now = Date.now();
  const payloadName = formatTableName(spec.inference.payloadTable);
  const processedName = formatTableName(spec.inference.processedTable);
  const newest = (freshness: string | undefined) => now - (freshness === "stale" ? 72 : 0.5) * HOUR;

  // Payload: Databricks' table (columns of docs/databricks-api.md), or the legacy auto_capture one.
  if (state.payload !== "missing") {
    const end = newest(state.payload);
    const generated = await h.warehouse.seed.payloadTable({
      table: payloadName,
      rows: 200,
      start: new Date(end - 24 * HOUR),
      end: new Date(end),
      features: [
        { name: "amount", type: "double", mean: 120, stddev: 40 },
        { name: "merchant_category", type: "string", values: ["grocery", "travel", "fuel"] },
      ],
      failureRate: state.failureRate ?? 0.02,
    });
    const columns =
      state.payload === "legacy"
        ? generated.columns.map((c) =>
            c.name === "request_time" ? { name: "timestamp_ms", type: "BIGINT" } : c,
          )
        : payloadTableColumns;
    h.workspace.state.tables.seed({
      full_name: payloadName,
      columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
    });
  }

  // Processed: the project's DDL and typed rows; UC reports its columns.
  if (state.processed !== "missing") {
    const expected = processedTableColumns(processedTableSpecOf(spec)).map((c) => ({
      name: c.name,
      type: c.type as string,
    }));
    const columns =
      state.processed === "wrong-schema"
        ? expected
            .filter((c) => c.name !== "merchant_category")
            .map((c) => (c.name === "amount" ? { ...c, type: "string" } : c))
        : expected;
    await h.warehouse.query(`DROP TABLE IF EXISTS ${processedName}`);
    if (state.processed === "wrong-schema") {
      await h.warehouse.seed.createTable({
        table: processedName,
        columns: columns.map((c) => ({ name: c.name, type: c.type.toUpperCase() })),
      });
    } else {
      await h.warehouse.query(createProcessedTableSql(processedTableSpecOf(spec)));
      if (state.processed !== "empty") {
        const end = newest(state.processed);
        const rows = Array.from({ length: 100 }, (_, i) => {
          const unparsed = i < Math.round(100 * (state.unparsedShare ?? 0));
          const time = new Date(end - i * 0.2 * HOUR);
          return {
            databricks_request_id: `${name}-${i}`,
            record_index: 0,
            request_time: time,
            request_date: new Date(time.toISOString().slice(0, 10)),
            model_id: "fraud/3",
            amount: unparsed ? null : 100 + i,
            merchant_category: unparsed ? null : ["grocery", "travel", "fuel"][i % 3],
            is_fraud: i % 7 === 0 ? 1 : 0,
            processed_at: new Date(now),
          };
        });
        await h.warehouse.seed.insertRows(processedName, rows);
      }
    }
    h.workspace.state.tables.seed({ full_name: processedName, columns });
  }

  // The monitor's metric tables, as its refreshes write them.
  const tables = alertQueryTables(spec);
  if (state.metrics !== "missing") {
    await h.warehouse.seed.metricTables({
      monitoredTable: processedName,
      outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
      columns: METRIC_COLUMNS,
      overrides: Array.isArray(state.metrics) ? state.metrics : [],
    });
  }

  if (state.thresholds ?? true) {
    await h.warehouse.query(createThresholdsTableSql(tables.thresholdsTable));
    const statement = applyThresholdChangesSql(tables.thresholdsTable, spec.name, {
      upserts: thresholdRowsOf(spec),
      removals: [],
    });
    await h.warehouse.query(statement.sql, statement.parameters);
  }

  if ((state.monitor ?? "active") !== "missing" && state.processed !== "missing") {
    h.workspace.state.monitors.seed(processedName, {
      assets_dir: `/Workspace/Shared/model-monitoring/dev/${name}`,
      output_schema_name: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
      inference_log: {
        granularities: ["1 day"],
        timestamp_col: "request_time",
        model_id_col: "model_id",
        prediction_col: "is_fraud",
        problem_type: "PROBLEM_TYPE_CLASSIFICATION",
      },
    });
    if (state.monitor === "fails-refresh") {
      h.workspace.state.monitors.failNextRefresh(
        processedName,
        "Table has no data in the last 30 days (injected)",
      );
    }
  }
  return spec;
}

/**
 * A metric history of its own for a model seeded with `metrics: "missing"`: `windows` daily
 * windows from `start` (the fraud-like columns), with overrides per window.
 */
export async function seedMetricHistory(
  h: Day2Harness,
  spec: ModelSpec,
  history: { start: Date; windows?: number; overrides: MetricOverride[] },
): Promise<void> {
  const tables = alertQueryTables(spec);
  await h.warehouse.seed.metricTables({
    monitoredTable: formatTableName(spec.inference.processedTable),
    outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
    columns: METRIC_COLUMNS,
    start: history.start,
    ...(history.windows === undefined ? {} : { windows: history.windows }),
    overrides: history.overrides,
  });
}
