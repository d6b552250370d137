import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main as cli } from "../cli/main";
import { alertQueryTables, thresholdRowsOf } from "../core/alert-spec";
import type { ModelSpec } from "../config/model-spec";
import { columnKind } from "../config/resolve/thresholds";
import { applyThresholdChangesSql, createThresholdsTableSql } from "../sql/thresholds-table";
import type { LocalWarehouse, MetricColumn } from "../test/support/warehouse";

/** What the day-2 benchmarks share: a stack pointed at a stand-in, seeding, one quiet CLI run. */

export const BENCH_WAREHOUSE_ID = "0123456789abcdef";

/** The synthetic project's dev stack, pointed at a local stand-in like a user's would be. */
export function pointStackAt(root: string, standIn: { url: string; caCert: string }): void {
  const file = path.join(root, "Pulumi.dev.yaml");
  const stack = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  const caPath = path.join(root, "stand-in-ca.pem");
  fs.writeFileSync(caPath, standIn.caCert);
  stack.config["databricks:host"] = standIn.url;
  stack.config["model-monitoring:warehouseId"] = BENCH_WAREHOUSE_ID;
  stack.config["model-monitoring:caCertPath"] = caPath;
  fs.writeFileSync(file, yaml.dump(stack));
}

/** A model's monitored columns as the metric-table generator takes them. */
export function metricColumnsOf(spec: ModelSpec): MetricColumn[] {
  return [...spec.features, spec.prediction].map((column) =>
    columnKind(column) === "numeric"
      ? { name: column.name, kind: "numeric" }
      : { name: column.name, kind: "categorical", values: ["a", "b", "c"] },
  );
}

/** The thresholds table with the model's configured rows, as the provider writes them. */
export async function seedThresholds(warehouse: LocalWarehouse, spec: ModelSpec): Promise<void> {
  const table = alertQueryTables(spec).thresholdsTable;
  await warehouse.query(createThresholdsTableSql(table));
  const statement = applyThresholdChangesSql(table, spec.name, {
    upserts: thresholdRowsOf(spec),
    removals: [],
  });
  await warehouse.query(statement.sql, statement.parameters);
}

/** `model-monitoring <command> --stack dev --json --root <root>` in this process, timed. */
export async function runCommand(
  command: string,
  root: string,
  token: string,
): Promise<{ exitCode: number; stdout: string; ms: number }> {
  let stdout = "";
  const started = performance.now();
  const exitCode = await cli(
    ["node", "model-monitoring", command, "--stack", "dev", "--json", "--root", root],
    {
      stdout: (text) => {
        stdout += text;
      },
      stdoutIsTty: false,
      stderr: process.stderr,
      env: { DATABRICKS_TOKEN: token, DATABRICKS_CONFIG_FILE: path.join(root, "none"), CI: "true" },
    },
  );
  return { exitCode, stdout, ms: performance.now() - started };
}
