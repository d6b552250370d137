// The warehouse stand-in first (it loads the SQL driver the commands use).
import { startLocalWarehouse, type LocalWarehouse } from "../test/support/warehouse";
import * as fs from "node:fs";
import { loadStackContext } from "../cli/day2/stack-context";
import { alertQueryTables } from "../core/alert-spec";
import type { ModelSpec } from "../config/model-spec";
import { processedTableSpecOf } from "../core/processed-table-spec";
import { formatTableName } from "../core/names";
import { createProcessedTableSql } from "../sql/processed-table";
import { syntheticProject } from "./synthetic-project";
import {
  BENCH_WAREHOUSE_ID,
  metricColumnsOf,
  pointStackAt,
  runCommand,
  seedThresholds,
} from "./day2-bench";

/**
 * analyze-drift over 1, 10 and 100 seeded models on the local warehouse: SQL statements the
 * command sends and its wall time (process-internal: load the stack, open the session, query,
 * render JSON). Each model has 6 monitored columns, 7 daily windows, CONSECUTIVE and BASELINE
 * drift rows, its template's thresholds in the thresholds table, and a processed table. Target (issue 5): at most
 * 2 statements whatever the model count, and 100 models in under 2x the time of one.
 * check-thresholds is measured alongside (2 alert queries per model). "engine ms" is the time
 * the stand-in spent in DuckDB; "rest ms" is everything else (config load, driver, rendering),
 * the part that is this project's code. No assertions.
 *
 * Run: npm run bench:analyze-drift. BENCH_MODELS=1,10,100 and BENCH_RUNS=5 by default.
 */

const COUNTS = (process.env.BENCH_MODELS ?? "1,10,100").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TOKEN = "dapi-bench";

interface Figures {
  statements: number;
  ms: number;
  /** Time the stand-in spent running the statements in DuckDB (not the command's own work). */
  engineMs: number;
  exitCode: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function seed(warehouse: LocalWarehouse, specs: readonly ModelSpec[]): Promise<void> {
  for (const spec of specs) {
    const processed = spec.inference.processedTable;
    await warehouse.seed.createSchema(`${processed.catalog}.${processed.schema}`);
    const tables = alertQueryTables(spec);
    const columns = metricColumnsOf(spec);
    await warehouse.seed.metricTables({
      monitoredTable: formatTableName(spec.inference.processedTable),
      outputSchema: `${tables.driftMetricsTable.catalog}.${tables.driftMetricsTable.schema}`,
      columns,
    });
    // The processed table (the alerts' staleness check reads it), with a recent row.
    await warehouse.query(createProcessedTableSql(processedTableSpecOf(spec)));
    await warehouse.seed.insertRows(formatTableName(spec.inference.processedTable), [
      {
        databricks_request_id: "r1",
        record_index: 0,
        request_time: new Date(Date.now() - 3_600_000),
      },
    ]);
    await seedThresholds(warehouse, spec);
  }
}

async function run(root: string, warehouse: LocalWarehouse, command: string): Promise<Figures> {
  warehouse.counters.reset();
  const { exitCode, stdout, ms } = await runCommand(command, root, TOKEN);
  if (exitCode === 2) throw new Error(`${command} could not run: ${stdout}`);
  const engineMs = warehouse.counters.statements.reduce((sum, s) => sum + (s.durationMs ?? 0), 0);
  return { statements: warehouse.counters.statementsExecuted, ms, engineMs, exitCode };
}

async function main(): Promise<void> {
  console.log(
    `analyze-drift and check-thresholds on the local warehouse (median of ${RUNS} runs after one warm-up; node ${process.version})`,
  );
  console.log(
    "models  command           statements  median ms  min ms  max ms  vs 1 model  engine ms  rest ms  rest vs 1  reads",
  );
  const baseline: Record<string, number> = {};
  for (const count of COUNTS) {
    const root = syntheticProject(count);
    const warehouse = await startLocalWarehouse({
      catalogs: ["ml_dev"],
      token: TOKEN,
      warehouseId: BENCH_WAREHOUSE_ID,
    });
    try {
      pointStackAt(root, warehouse);
      const specs = loadStackContext({ stack: "dev", root }).models;
      await seed(warehouse, specs);
      await measureCommands(count, root, warehouse, specs.length, baseline);
    } finally {
      await warehouse.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

async function measureCommands(
  count: number,
  root: string,
  warehouse: LocalWarehouse,
  models: number,
  baseline: Record<string, number>,
): Promise<void> {
  for (const command of ["analyze-drift", "check-thresholds"]) {
    await run(root, warehouse, command); // warm-up: first session, JIT, DuckDB caches
    const figures: Figures[] = [];
    for (let i = 0; i < RUNS; i++) figures.push(await run(root, warehouse, command));
    const times = figures.map((f) => f.ms);
    const ms = median(times);
    const engineMs = median(figures.map((f) => f.engineMs));
    const restMs = median(figures.map((f) => f.ms - f.engineMs));
    baseline[command] ??= ms;
    baseline[`${command}:rest`] ??= restMs;
    console.log(
      [
        String(count).padStart(6),
        command.padEnd(16),
        String(median(figures.map((f) => f.statements))).padStart(10),
        ms.toFixed(1).padStart(9),
        Math.min(...times)
          .toFixed(1)
          .padStart(6),
        Math.max(...times)
          .toFixed(1)
          .padStart(6),
        `${(ms / (baseline[command] as number)).toFixed(2)}x`.padStart(10),
        engineMs.toFixed(1).padStart(9),
        restMs.toFixed(1).padStart(7),
        `${(restMs / (baseline[`${command}:rest`] as number)).toFixed(2)}x`.padStart(9),
        command === "analyze-drift" ? `${models} drift tables` : `${models * 2} alert queries`,
      ].join("  "),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
