// The warehouse module first: it makes the driver loadable under Jest.
import { startLocalWarehouse, type LocalWarehouse } from "../warehouse";
import * as pulumi from "@pulumi/pulumi";
import { driftThresholdsProvider } from "../../../dynamic-providers/drift-thresholds";
import { monitorReadyProvider } from "../../../dynamic-providers/monitor-ready";
import { payloadTableReadyProvider } from "../../../dynamic-providers/payload-table-ready";
import { keyedThresholds, type ThresholdRow } from "../../../core/threshold-rows";
import { startFakeWorkspace, type FakeWorkspace } from "../fake-workspace";
import { monitorBody } from "../fake-workspace/sample-bodies";
import { startOneHost, type OneHost } from "../one-host";
import { secretValue, type Props } from "./host";

/**
 * A stack of `count` models as the program declares their dynamic resources (PayloadTableReady,
 * MonitorReady, DriftThresholds per model), and a workspace and warehouse behind one host where
 * Databricks has done its part (payload tables, ACTIVE monitors on the processed tables).
 */

export const CATALOG = "ml_dev";
export const THRESHOLDS_TABLE = `${CATALOG}.monitoring.drift_thresholds`;
const WAREHOUSE_ID = "0123456789abcdef";
/** The stack's token: it must never show in a message, a log or the state. */
export const STACK_TOKEN = "dapi-fault-suite-secret-0f1e2d3c";

export type ResourceType = "PayloadTableReady" | "MonitorReady" | "DriftThresholds";

export interface DeclaredResource {
  urn: string;
  type: ResourceType;
  model: string;
  /** What the program registers (before check), `__provider` included. */
  inputs: Props;
}

export interface StackWorld {
  warehouse: LocalWarehouse;
  workspace: FakeWorkspace;
  front: OneHost;
  /** The stack config the engine hands to Configure. */
  config: Props;
  models: string[];
  close(): Promise<void>;
}

export function modelNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `model${String(i + 1).padStart(2, "0")}`);
}

/** Each model's thresholds: 3 to 6 rows, values differing per model (and per variant). */
export function thresholdRows(modelIndex: number, variant: "initial" | "changed"): ThresholdRow[] {
  const base = (modelIndex % 4) + 3;
  const rows: ThresholdRow[] = [];
  for (let i = 0; i < base; i++) {
    rows.push({
      column: `feature_${i}`,
      statistic: i % 2 === 0 ? "ks_test.pvalue" : "population_stability_index",
      driftType: "CONSECUTIVE",
      severity: i % 3 === 0 ? "critical" : "warning",
      comparator: i % 2 === 0 ? "<" : ">",
      value: Number((0.01 * (modelIndex + 1) + i / 100).toFixed(4)),
    });
  }
  if (variant === "initial") return rows;
  // Change one value, drop one row, add one: an update writes, removes and inserts.
  const [first, , ...rest] = rows as [ThresholdRow, ThresholdRow, ...ThresholdRow[]];
  return [
    { ...first, value: first.value + 0.5 },
    ...rest,
    {
      column: ":table",
      statistic: "staleness_hours",
      driftType: "DATA_QUALITY",
      severity: "warning",
      comparator: ">",
      value: 24 + modelIndex,
    },
  ];
}

async function serialized(provider: object): Promise<string> {
  // What pulumi.dynamic.Resource stores as `__provider` (sdk/nodejs/dynamic/index.ts).
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return text;
}

const urnOf = (type: ResourceType, name: string): string =>
  `urn:pulumi:dev::model-monitoring::pulumi-nodejs:dynamic/model-monitoring:${type}::${name}`;

/** The models' dynamic resources as the program registers them, in the given variant. */
export async function declareResources(
  models: readonly string[],
  variant: "initial" | "changed",
): Promise<DeclaredResource[]> {
  const providers = {
    PayloadTableReady: await serialized(payloadTableReadyProvider),
    MonitorReady: await serialized(monitorReadyProvider),
    DriftThresholds: await serialized(driftThresholdsProvider),
  };
  return models.flatMap((model, index) => [
    {
      urn: urnOf("PayloadTableReady", `${model}-payload-ready`),
      type: "PayloadTableReady" as const,
      model,
      inputs: {
        tableName: `${CATALOG}.inference.${model}_payload`,
        // A new endpoint name only re-checks: an update that changes nothing remote.
        endpointName: variant === "initial" ? model : `${model}-v2`,
        timeoutSeconds: 60,
        pollIntervalSeconds: 0.05,
        __provider: providers.PayloadTableReady,
      },
    },
    {
      urn: urnOf("MonitorReady", `${model}-monitor-ready`),
      type: "MonitorReady" as const,
      model,
      inputs: {
        tableName: `${CATALOG}.inference.${model}_processed`,
        monitorVersion: 0,
        timeoutSeconds: 60,
        pollIntervalSeconds: 0.05,
        __provider: providers.MonitorReady,
      },
    },
    {
      urn: urnOf("DriftThresholds", `${model}-thresholds`),
      type: "DriftThresholds" as const,
      model,
      inputs: {
        table: THRESHOLDS_TABLE,
        model,
        thresholds: keyedThresholds(thresholdRows(index, variant)),
        adopt: false,
        __provider: providers.DriftThresholds,
      },
    },
  ]);
}

/** A PayloadTableReady whose table never appears: the wait must end at its timeout. */
export async function neverReadyPayload(timeoutSeconds: number): Promise<DeclaredResource> {
  return {
    urn: urnOf("PayloadTableReady", "never-ready-payload"),
    type: "PayloadTableReady",
    model: "never-ready",
    inputs: {
      tableName: `${CATALOG}.inference.never_ready_payload`,
      endpointName: "never-ready",
      timeoutSeconds,
      pollIntervalSeconds: 0.05,
      __provider: await serialized(payloadTableReadyProvider),
    },
  };
}

export async function startStackWorld(models: readonly string[]): Promise<StackWorld> {
  const warehouse = await startLocalWarehouse({
    catalogs: [CATALOG],
    token: STACK_TOKEN,
    warehouseId: WAREHOUSE_ID,
  });
  await warehouse.seed.createSchema(`${CATALOG}.monitoring`);
  const workspace = await startFakeWorkspace({
    token: STACK_TOKEN,
    timing: { refreshPendingMs: 20, refreshRunningMs: 40, monitorActivationMs: 20 },
  });
  workspace.state.seedSchemas(`${CATALOG}.inference`, `${CATALOG}.monitoring`);
  for (const model of models) {
    workspace.state.tables.seed({ full_name: `${CATALOG}.inference.${model}_payload` });
    const processed = `${CATALOG}.inference.${model}_processed`;
    workspace.state.tables.seed({
      full_name: processed,
      columns: [
        { name: "request_time", type: "timestamp" },
        { name: "model_version", type: "string" },
        { name: "prediction", type: "int" },
        { name: "label", type: "int" },
      ],
    });
    workspace.state.monitors.seed(
      processed,
      monitorBody({
        assets_dir: `/Workspace/Shared/monitoring/${model}`,
        output_schema_name: `${CATALOG}.monitoring`,
        slicing_exprs: [],
        warehouse_id: WAREHOUSE_ID,
      }),
    );
  }
  const front = await startOneHost({ workspace: workspace.url, warehouse: warehouse.url });
  const config: Props = {
    "databricks:host": front.url,
    "databricks:token": secretValue(STACK_TOKEN),
    "databricks:retryTimeoutSeconds": "60",
    "model-monitoring:warehouseId": WAREHOUSE_ID,
    "model-monitoring:caCert": front.caCert,
  };
  return {
    warehouse,
    workspace,
    front,
    config,
    models: [...models],
    async close() {
      await front.close();
      await workspace.close();
      await warehouse.close();
    },
  };
}

/** Each model's rows of the thresholds table as the warehouse holds them (no faults, no HTTP). */
export async function thresholdRowsByModel(
  world: StackWorld,
): Promise<Record<string, Array<Record<string, unknown>>>> {
  const rows = await world.warehouse
    .query(
      `SELECT model, column_name, statistic, drift_type, severity, comparator, value FROM ${THRESHOLDS_TABLE}`,
    )
    .catch(() => []);
  const byModel: Record<string, Array<Record<string, unknown>>> = {};
  for (const row of rows) (byModel[String(row.model)] ??= []).push(row);
  return byModel;
}
