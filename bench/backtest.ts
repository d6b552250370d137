// The warehouse stand-in first (it loads the SQL driver the commands use).
import { startLocalWarehouse, type LocalWarehouse } from "../test/support/warehouse";
import * as fs from "node:fs";
import { loadStackContext } from "../cli/day2/stack-context";
import { alertQueryTables } from "../core/alert-spec";
import type { ModelSpec } from "../config/model-spec";
import { formatTableName } from "../core/names";
import { syntheticProject } from "./synthetic-project";
import {
  BENCH_WAREHOUSE_ID,
  metricColumnsOf,
  pointStackAt,
  runCommand,
  seedThresholds,
} from "./day2-bench";

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
const DAY = 86_400_000;

async function seed(warehouse: LocalWarehouse, specs: readonly ModelSpec[]): Promise<void> {
  const start = new Date(Math.floor(Date.now() / DAY) * DAY - 30 * DAY);
  for (const spec of specs) {
    const tables = alertQueryTables(spec);
    await warehouse.seed.createSchema(
      `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
    );
    const columns = metricColumnsOf(spec);
    await warehouse.seed.metricTables({
      monitoredTable: formatTableName(spec.inference.processedTable),
      outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
      columns,
      windows: 30,
      start,
    });
    await seedThresholds(warehouse, spec);
  }
}

async function run(root: string, warehouse: LocalWarehouse): Promise<[number, number, number]> {
  warehouse.counters.reset();
  const { exitCode, stdout, ms } = await runCommand("backtest", root, TOKEN);
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
      warehouseId: BENCH_WAREHOUSE_ID,
    });
    try {
      pointStackAt(root, warehouse);
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
