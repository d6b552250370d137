import * as pulumi from "@pulumi/pulumi";
import { startLocalWarehouse } from "../test/support/warehouse";
import { thresholdRowsOf } from "../core/alert-spec";
import { loadProject } from "../config/load-project";
import { projectRoot } from "../config/project-root";
import { closeSharedSqlRunners } from "../databricks-client/sql-session";
import { driftThresholdsProvider } from "../dynamic-providers/drift-thresholds";
import { monitorReadyProvider } from "../dynamic-providers/monitor-ready";
import { payloadTableReadyProvider } from "../dynamic-providers/payload-table-ready";
import { keyedThresholds, type ThresholdRow } from "../core/threshold-rows";

/**
 * DriftThresholds figures (no assertions):
 * 1. serialized provider size per dynamic resource type (what Pulumi stores in the state,
 *    twice per resource); target <= 8 KB;
 * 2. SQL sessions opened and statements executed for 100 resources in one provider process,
 *    against the local warehouse: create, no-op refresh, no-op update, update of one value,
 *    delete; targets: 1 session per process, 1 statement per no-op refresh.
 *
 * Run from the project root: npm run bench:thresholds (the provider loads its implementation
 * by path from the working directory, as in the provider process). BENCH_RESOURCES=100.
 */

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 100);
const TABLE = "ml_dev.monitoring.drift_thresholds";
type Props = Record<string, unknown>;

async function serializedSize(provider: object): Promise<number> {
  const { text } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  return Buffer.byteLength(text);
}

/** The rows of the shipped churn-classifier model in dev: a realistic threshold set. */
function realisticRows(): ThresholdRow[] {
  const { models } = loadProject({
    root: projectRoot(process.cwd()),
    stack: "dev",
    stackConfig: {
      catalog: "ml_dev",
      inferenceSchema: "inference",
      monitoringSchema: "monitoring",
      warehouseId: "0123456789abcdef",
      alerting: { recipients: ["a@example.com"] },
    },
  });
  const spec = models.find((m) => m.name === "churn-classifier") ?? models[0];
  if (!spec) throw new Error("no model in the shipped config");
  return thresholdRowsOf(spec);
}

async function main(): Promise<void> {
  const rows = realisticRows();
  console.log("Serialized provider size (bytes; stored twice per resource in the state)");
  for (const [name, provider] of [
    ["DriftThresholds", driftThresholdsProvider],
    ["MonitorReady", monitorReadyProvider],
    ["PayloadTableReady", payloadTableReadyProvider],
  ] as const) {
    const size = await serializedSize(provider);
    console.log(
      `  ${name.padEnd(18)} ${String(size).padStart(7)}  ${size <= 8192 ? "<= 8 KB" : "> 8 KB"}`,
    );
  }

  const warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"] });
  try {
    await run(warehouse, rows);
  } finally {
    await closeSharedSqlRunners();
    await warehouse.close();
  }
}

async function run(
  warehouse: Awaited<ReturnType<typeof startLocalWarehouse>>,
  rows: ThresholdRow[],
): Promise<void> {
  await warehouse.seed.createSchema("ml_dev.monitoring");
  const config: Record<string, string> = {
    "databricks:host": warehouse.url,
    "databricks:token": warehouse.token,
    "model-monitoring:warehouseId": warehouse.warehouseId,
    "model-monitoring:caCert": warehouse.caCert,
  };
  const provider = driftThresholdsProvider as Required<pulumi.dynamic.ResourceProvider>;
  await provider.configure({
    config: { get: (k: string) => config[k], require: (k: string) => config[k] as string },
  });

  const changedRows = rows.map((row, i) => (i === 0 ? { ...row, value: row.value * 2 } : row));
  const models = Array.from({ length: RESOURCES }, (_, i) => `model-${String(i).padStart(3, "0")}`);
  const inputs = (model: string, set: ThresholdRow[]): Props => ({
    table: TABLE,
    model,
    thresholds: keyedThresholds(set),
    adopt: false,
  });
  const state = new Map<string, { id: string; outs: Props }>();

  console.log(
    `\n${RESOURCES} DriftThresholds resources of ${rows.length} rows each, one provider process`,
  );
  console.log("  operation            sessions  statements  per resource  wall ms");
  const measure = async (label: string, work: (model: string) => Promise<void>) => {
    const sessions = warehouse.counters.sessionsOpened;
    const statements = warehouse.counters.statementsExecuted;
    const started = performance.now();
    for (const model of models) await work(model);
    const ms = performance.now() - started;
    const sent = warehouse.counters.statementsExecuted - statements;
    console.log(
      `  ${label.padEnd(20)} ${String(warehouse.counters.sessionsOpened - sessions).padStart(8)}  ${String(sent).padStart(10)}  ${(sent / RESOURCES).toFixed(2).padStart(12)}  ${ms.toFixed(0).padStart(7)}`,
    );
  };

  await measure("create", async (model) => {
    const { id, outs } = await provider.create(inputs(model, rows));
    state.set(model, { id, outs: outs as Props });
  });
  await measure("refresh (no drift)", async (model) => {
    const { id, outs } = state.get(model) as { id: string; outs: Props };
    const read = await provider.read(id, outs);
    const diff = await provider.diff(id, read.props as Props, inputs(model, rows));
    if (diff.changes) throw new Error(`unexpected drift for ${model}`);
  });
  await measure("update (no change)", async (model) => {
    const { id, outs } = state.get(model) as { id: string; outs: Props };
    await provider.update(id, outs, inputs(model, rows));
  });
  await measure("update (one value)", async (model) => {
    const { id, outs } = state.get(model) as { id: string; outs: Props };
    const { outs: updated } = await provider.update(id, outs, inputs(model, changedRows));
    state.set(model, { id, outs: updated as Props });
  });
  await measure("delete", async (model) => {
    const { id, outs } = state.get(model) as { id: string; outs: Props };
    await provider.delete(id, outs);
  });
  console.log(`  sessions opened in this process: ${warehouse.counters.sessionsOpened}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
