import type * as pulumi from "@pulumi/pulumi";
import { alertQueryTables, alertSeverities, thresholdRowsOf } from "../../../core/alert-spec";
import { EMPTY_RESULT_STATE } from "../../../components/DriftAlerts";
import { processedTableSpecOf } from "../../../core/processed-table-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { stageFromTables, type ModelStage } from "../../../core/model-stage";
import { driftThresholdsProvider } from "../../../dynamic-providers/drift-thresholds";
import {
  monitorReadyProvider,
  type MonitorReadyOutputs,
} from "../../../dynamic-providers/monitor-ready";
import {
  payloadTableReadyProvider,
  type PayloadTableReadyOutputs,
} from "../../../dynamic-providers/payload-table-ready";
import { alertQueryParameters, alertQueryText } from "../../../sql/alert-queries";
import { ALERT_CONDITION } from "../../../cli/day2/thresholds/alert-condition";
import { evaluateAlert } from "../../support/fake-workspace/alert-evaluation";
import type { AlertEvaluationState } from "../../support/fake-workspace/alerts";
import { formatTableName } from "../../../core/names";
import { createProcessedTableSql } from "../../../sql/processed-table";
import { processedTableColumns } from "../../../sql/processed-table-columns";
import { keyedThresholds } from "../../../core/threshold-rows";
import { configureRequest } from "../../databricks-client/fake-settings";
import { WAREHOUSE_ID, type Day2Harness } from "../../cli/day2/support/harness";

/**
 * One model's chain, resource by resource in the order MonitoredModel wires it, against the
 * stand-ins behind one host: the bridged resources (endpoint, processed table, monitor, alerts)
 * as the Databricks provider would create them over REST and SQL, the dynamic ones through
 * their real providers. Then what Databricks does once traffic starts, and `pulumi refresh`.
 */

type Provider = Required<pulumi.dynamic.ResourceProvider>;
const payloadReady = payloadTableReadyProvider as Provider;
const monitorReady = monitorReadyProvider as Provider;
const thresholds = driftThresholdsProvider as Provider;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The features and prediction of test/day2's fraud models, as the monitor would profile them. */
const METRIC_COLUMNS = [
  { name: "amount", kind: "numeric" as const, mean: 120, stddev: 40 },
  {
    name: "merchant_category",
    kind: "categorical" as const,
    values: ["grocery", "travel", "fuel"],
  },
  { name: "is_fraud", kind: "categorical" as const, values: ["0", "1"] },
];

export interface Deployed {
  payloadReady: PayloadTableReadyOutputs;
  monitorReady: MonitorReadyOutputs;
  alertIds: string[];
  /** The stack output `models.<model>.status`, as MonitoredModel computes it. */
  status: ModelStage;
  elapsedMs: number;
}

/** The stack config the engine hands to every dynamic provider's configure(). */
export function configureProviders(h: Day2Harness): void {
  const request = configureRequest({
    "databricks:host": h.front.url,
    "databricks:token": h.token,
    "databricks:retryTimeoutSeconds": "3",
    "model-monitoring:caCert": h.front.caCert,
    "model-monitoring:warehouseId": WAREHOUSE_ID,
  }) as pulumi.dynamic.ConfigureRequest;
  for (const provider of [payloadReady, monitorReady, thresholds]) provider.configure(request);
}

/** check() then create(), as the engine calls a dynamic provider on `up`. */
async function createDynamic<T>(provider: Provider, news: Record<string, unknown>): Promise<T> {
  const checked = await provider.check({}, news);
  if ((checked.failures ?? []).length > 0) throw new Error(JSON.stringify(checked.failures));
  return (await provider.create(checked.inputs)).outs as T;
}

/** The catalog objects a metastore admin and the training pipeline create before `up`. */
function seedUnityCatalog(h: Day2Harness, spec: ModelSpec, outputSchema: string): void {
  const schemaOf = (t: { catalog: string; schema: string }) => `${t.catalog}.${t.schema}`;
  const registered = spec.registeredModel;
  h.workspace.state.seedSchemas(
    schemaOf(spec.inference.payloadTable),
    schemaOf(spec.inference.processedTable),
    outputSchema,
    registered.split(".").slice(0, 2).join("."),
  );
  if (!h.workspace.state.models.has(registered)) {
    const versions = spec.endpoint.servedEntities.map((entity) => Number(entity.version ?? "1"));
    h.workspace.state.models.seed({ full_name: registered, versions: [...new Set(versions)] });
  }
}

/** `pulumi up` of a fresh stack: every resource of the model, in MonitoredModel's order. */
export async function deploy(h: Day2Harness, spec: ModelSpec): Promise<Deployed> {
  const started = Date.now();
  const payloadTable = formatTableName(spec.inference.payloadTable);
  const processedTable = formatTableName(spec.inference.processedTable);
  const tables = alertQueryTables(spec);
  const outputSchema = `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`;

  // What exists before any deploy: the stack's schemas and the registered model's versions.
  seedUnityCatalog(h, spec, outputSchema);

  // ServingEndpoint: the endpoint with its AI Gateway inference table (the bridged resource).
  h.workspace.state.endpoints.seed({
    name: spec.endpoint.name,
    config: {
      served_entities: spec.endpoint.servedEntities.map((entity) => ({
        name: entity.name,
        entity_name: spec.registeredModel,
        entity_version: entity.version ?? "1",
        scale_to_zero_enabled: spec.endpoint.scaleToZero,
      })),
    },
    ai_gateway: {
      inference_table_config: {
        enabled: true,
        catalog_name: spec.inference.payloadTable.catalog,
        schema_name: spec.inference.payloadTable.schema,
        table_name_prefix: spec.inference.tablePrefix,
      },
    },
  });

  // PayloadTableReady: a short look, recorded (the defaults shortened for the test).
  const payload = await createDynamic<PayloadTableReadyOutputs>(payloadReady, {
    tableName: payloadTable,
    endpointName: spec.endpoint.name,
    timeoutSeconds: 0.3,
    pollIntervalSeconds: 0.05,
  });

  // InferenceTable: the processed table (SqlTable) in Unity Catalog and the warehouse.
  await h.warehouse.query(createProcessedTableSql(processedTableSpecOf(spec)));
  h.workspace.state.tables.seed({
    full_name: processedTable,
    columns: processedTableColumns(processedTableSpecOf(spec)).map((c) => ({
      name: c.name,
      type: String(c.type),
    })),
  });

  // QualityMonitor: created on the processed table (schedule left out: paused in dev).
  h.workspace.state.monitors.seed(
    processedTable,
    {
      assets_dir: spec.monitor.assetsDir,
      output_schema_name: outputSchema,
      inference_log: {
        granularities: spec.monitor.granularities,
        timestamp_col: "request_time",
        model_id_col: "model_id",
        prediction_col: spec.prediction.name,
        problem_type: "PROBLEM_TYPE_CLASSIFICATION",
      },
    },
    { active: false },
  );

  // MonitorReady: ACTIVE, the first refresh followed for a bounded time, recorded.
  const monitor = await createDynamic<MonitorReadyOutputs>(monitorReady, {
    tableName: processedTable,
    monitorVersion: 0,
    timeoutSeconds: 3,
    pollIntervalSeconds: 0.05,
  });

  // DriftAlerts: the thresholds rows, then one AlertV2 per severity with the generated query.
  const rows = thresholdRowsOf(spec);
  await createDynamic(thresholds, {
    table: formatTableName(tables.thresholdsTable),
    model: spec.name,
    thresholds: keyedThresholds(rows),
    adopt: false,
  });
  const queryText = alertQueryText(tables, spec.alerting.queryForm);
  const alertIds = alertSeverities(rows).map((severity) => {
    const alert = h.workspace.state.alerts.seed({
      display_name: `[${spec.stack}] ${spec.name} drift and data quality: ${severity}`,
      query_text: queryText,
      parameters: Object.entries(alertQueryParameters(spec.name, severity)).map(
        ([name, value]) => ({ name, type: "STRING", value }),
      ),
      warehouse_id: spec.warehouseId,
      // As DriftAlerts sends it (a test in check-thresholds keeps ALERT_CONDITION in step).
      evaluation: {
        source: { name: ALERT_CONDITION.source },
        comparison_operator: ALERT_CONDITION.comparisonOperator,
        threshold: { value: { double_value: ALERT_CONDITION.threshold } },
        empty_result_state: EMPTY_RESULT_STATE,
      },
      schedule: {
        quartz_cron_schedule: spec.alerting.schedule.cron,
        timezone_id: spec.alerting.schedule.timezone,
      },
    });
    return String(alert.id);
  });

  return {
    payloadReady: payload,
    monitorReady: monitor,
    alertIds,
    status: statusOf(payload, monitor),
    elapsedMs: Date.now() - started,
  };
}

function statusOf(payload: PayloadTableReadyOutputs, monitor: MonitorReadyOutputs): ModelStage {
  return stageFromTables({
    payloadTableExists: payload.tableExists,
    metricTablesExist: monitor.metricTablesExist,
  });
}

/** `pulumi refresh`: each readiness resource's read(); the status output as it then reads. */
export async function pulumiRefresh(deployed: Deployed): Promise<{
  payloadReady: PayloadTableReadyOutputs;
  monitorReady: MonitorReadyOutputs;
  status: ModelStage;
}> {
  const payload = (await payloadReady.read(deployed.payloadReady.tableName, deployed.payloadReady))
    .props as PayloadTableReadyOutputs;
  const monitor = (await monitorReady.read(deployed.monitorReady.tableName, deployed.monitorReady))
    .props as MonitorReadyOutputs;
  return { payloadReady: payload, monitorReady: monitor, status: statusOf(payload, monitor) };
}

/** What the next `pulumi up` would do with each readiness resource (true: an update). */
export async function nextUpChanges(state: {
  payloadReady: PayloadTableReadyOutputs;
  monitorReady: MonitorReadyOutputs;
}): Promise<{ payloadReady: boolean; monitorReady: boolean }> {
  const { payloadReady: p, monitorReady: m } = state;
  const payloadNews = (await payloadReady.check({}, { ...p })).inputs;
  const monitorNews = (await monitorReady.check({}, { ...m })).inputs;
  return {
    payloadReady: (await payloadReady.diff(p.tableName, p, payloadNews)).changes === true,
    monitorReady: (await monitorReady.diff(m.tableName, m, monitorNews)).changes === true,
  };
}

/** Traffic starts: requests are served and logged (Databricks writes the payload rows). */
export async function firstRequests(h: Day2Harness, spec: ModelSpec): Promise<void> {
  h.workspace.state.endpoints.logRequest(spec.endpoint.name);
  h.workspace.state.settle();
  const now = Date.now();
  await h.warehouse.seed.payloadTable({
    table: formatTableName(spec.inference.payloadTable),
    rows: 50,
    start: new Date(now - 6 * HOUR),
    end: new Date(now - 0.5 * HOUR),
    features: [
      { name: "amount", type: "double", mean: 120, stddev: 40 },
      { name: "merchant_category", type: "string", values: ["grocery", "travel", "fuel"] },
    ],
    failureRate: 0.02,
  });
}

/**
 * The processing job's next run: typed rows in the processed table (the generated MERGE itself
 * is checked against the Spark grammar and golden files; DuckDB cannot run it).
 */
export async function processingRun(h: Day2Harness, spec: ModelSpec): Promise<void> {
  const table = formatTableName(spec.inference.processedTable);
  const now = Date.now();
  const rows = Array.from({ length: 60 }, (_, i) => {
    const time = new Date(now - 0.5 * HOUR - i * 0.1 * HOUR);
    return {
      databricks_request_id: `${spec.name}-${i}`,
      record_index: 0,
      request_time: time,
      request_date: new Date(time.toISOString().slice(0, 10)),
      model_id: "fraud/3",
      amount: 100 + i,
      merchant_category: ["grocery", "travel", "fuel"][i % 3],
      is_fraud: i % 7 === 0 ? 1 : 0,
      processed_at: new Date(now),
    };
  });
  await h.warehouse.seed.insertRows(table, rows);
  h.workspace.state.firstContact.recordRows(table);
}

/**
 * The monitor refreshes (its schedule, or refresh-monitors where the schedule is paused). When
 * the refresh writes the metric tables in Unity Catalog, they get a week of finished daily
 * windows in the warehouse, with the columns Unity Catalog reports.
 */
export async function mirrorMetricTables(h: Day2Harness, spec: ModelSpec): Promise<boolean> {
  const tables = alertQueryTables(spec);
  const drift = formatTableName(tables.driftMetricsTable);
  const info = h.workspace.state.tables.get(drift);
  if (info === undefined) return false;
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  await h.warehouse.seed.metricTables({
    monitoredTable: formatTableName(spec.inference.processedTable),
    outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
    columns: METRIC_COLUMNS,
    start: new Date(midnight - 7 * DAY),
    windows: 7,
  });
  // Columns the workspace left out of the table (first-contact switch metricTablesLack).
  const lacking = h.workspace.firstContact.metricTablesLack;
  for (const table of [tables.driftMetricsTable, tables.profileMetricsTable]) {
    for (const column of lacking) {
      await h.warehouse.duckdb.query(
        `ALTER TABLE ${h.warehouse.duckdb.catalogName(table.catalog)}.${table.schema}.${table.table} DROP COLUMN IF EXISTS ${column}`,
      );
    }
  }
  return true;
}

/** The monitor's schedule fires, as Databricks would run it. */
export async function scheduledRefresh(h: Day2Harness, spec: ModelSpec): Promise<string> {
  const table = formatTableName(spec.inference.processedTable);
  const { refresh_id } = h.workspace.state.monitors.startRefresh(table, "SCHEDULE");
  h.workspace.state.settle();
  await mirrorMetricTables(h, spec);
  return h.workspace.state.monitors.refresh(table, refresh_id).state;
}

/** A day-2 command with --json, run as a user would. */
export async function day2<T>(
  h: Day2Harness,
  command: string,
  ...args: string[]
): Promise<{ exitCode: number; output: T; text: string }> {
  const json = await h.run([command, "--stack", "dev", "--json", ...args]);
  const text = await h.run([command, "--stack", "dev", ...args]);
  return { exitCode: json.exitCode, output: json.json<T>(), text: text.stdout };
}

/** Each alert's schedule fires once: its state as the workspace then shows it, and its status. */
export async function alertEvaluations(
  h: Day2Harness,
  deployed: Deployed,
): Promise<Array<{ state: AlertEvaluationState; modelStatus: unknown }>> {
  const results = [];
  for (const id of deployed.alertIds) {
    const outcome = await evaluateAlert(h.workspace.state.alerts, id, (sql, parameters) =>
      h.warehouse.query(sql, parameters),
    );
    const shown = h.workspace.state.alerts.get(id)?.evaluation as { state?: string } | undefined;
    expect(shown?.state).toBe(outcome.state);
    results.push({ state: outcome.state, modelStatus: outcome.row?.model_status ?? outcome.error });
  }
  return results;
}
