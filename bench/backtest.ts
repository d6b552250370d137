// The warehouse stand-in first (it loads the SQL driver the commands use).
import {
  startLocalWarehouse,
  type LocalWarehouse,
  type MetricColumn,
} from "../test/support/warehouse";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main as cli } from "../cli/main";
import { loadStackContext } from "../cli/day2/stack-context";
import { alertQueryTables, thresholdRowsOf } from "../core/alert-spec";
import type { ModelSpec } from "../config/model-spec";
import { columnKind } from "../config/resolve/thresholds";
import { formatTableName } from "../core/names";
import { applyThresholdChangesSql, createThresholdsTableSql } from "../sql/thresholds-table";
import { syntheticProject } from "./synthetic-project";

/**
 * backtest over 1, 10 and 100 seeded models on the local warehouse: the SQL statements it sends
 * (target: bounded, 3 whatever the model count) and its wall time. Each model has 6 monitored
 * columns, 30 daily windows ending yesterday (CONSECUTIVE and BASELINE drift, profile rows), and
 * its template's thresholds in the thresholds table; the proposed thresholds are the checkout's.
 *
 * Run: npm run bench:backtest. BENCH_MODELS=1,10,100 by default.
 */

const COUNTS = (process.env.BENCH_MODELS ?? "1,10,100").split(",").map(Number);
const TOKEN = "dapi-bench";
const WAREHOUSE_ID = "0123456789abcdef";
const DAY = 86_400_000;

function pointAt(root: string, warehouse: LocalWarehouse): void {
  const file = path.join(root, "Pulumi.dev.yaml");
  const stack = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const caPath = path.join(root, "warehouse-ca.pem");
  fs.writeFileSync(caPath, warehouse.caCert);
  stack.config["databricks:host"] = warehouse.url;
  stack.config["model-monitoring:warehouseId"] = WAREHOUSE_ID;
  stack.config["model-monitoring:caCertPath"] = caPath;
  fs.writeFileSync(file, yaml.dump(stack));
}

async function seed(warehouse: LocalWarehouse, specs: readonly ModelSpec[]): Promise<void> {
  const start = new Date(Math.floor(Date.now() / DAY) * DAY - 30 * DAY);
  for (const spec of specs) {
    const tables = alertQueryTables(spec);
    await warehouse.seed.createSchema(
      `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
    );
    const columns: MetricColumn[] = [...spec.features, spec.prediction].map((column) =>
      columnKind(column) === "numeric"
        ? { name: column.name, kind: "numeric" }
        : { name: column.name, kind: "categorical", values: ["a", "b", "c"] },
    );
    await warehouse.seed.metricTables({
      monitoredTable: formatTableName(spec.inference.processedTable),
      outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
      columns,
      windows: 30,
      start,
    });
    await warehouse.query(createThresholdsTableSql(tables.thresholdsTable));
    const statement = applyThresholdChangesSql(tables.thresholdsTable, spec.name, {
      upserts: thresholdRowsOf(spec),
      removals: [],
    });
    await warehouse.query(statement.sql, statement.parameters);
  }
}

async function run(root: string, warehouse: LocalWarehouse): Promise<[number, number, number]> {
  warehouse.counters.reset();
  let stdout = "";
  const started = performance.now();
  const exitCode = await cli(
    ["node", "model-monitoring", "backtest", "--stack", "dev", "--json", "--root", root],
    {
      stdout: (text) => {
        stdout += text;
      },
      stdoutIsTty: false,
      stderr: process.stderr,
      env: { DATABRICKS_TOKEN: TOKEN, DATABRICKS_CONFIG_FILE: path.join(root, "none"), CI: "true" },
    },
  );
  const ms = performance.now() - started;
  if (exitCode === 2) throw new Error(`backtest could not run: ${stdout}`);
  return [warehouse.counters.statementsExecuted, ms, stdout.length];
}

async function main(): Promise<void> {
  console.log(`backtest --days 30 on the local warehouse (node ${process.version})`);
  console.log("models  statements  ms (2nd run)  JSON bytes");
  for (const count of COUNTS) {
    const root = syntheticProject(count);
    const warehouse = await startLocalWarehouse({
      catalogs: ["ml_dev"],
      token: TOKEN,
      warehouseId: WAREHOUSE_ID,
    });
    try {
      pointAt(root, warehouse);
      await seed(warehouse, loadStackContext({ stack: "dev", root }).models);
      await run(root, warehouse); // warm-up
      const [statements, ms, bytes] = await run(root, warehouse);
      console.log(
        `${String(count).padStart(6)}  ${String(statements).padStart(10)}  ${ms.toFixed(1).padStart(12)}  ${String(bytes).padStart(10)}`,
      );
    } finally {
      await warehouse.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
