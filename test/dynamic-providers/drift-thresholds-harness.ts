// The warehouse module first: it makes the driver loadable under Jest.
import {
  startLocalWarehouse,
  type LocalWarehouse,
  type LocalWarehouseOptions,
} from "../support/warehouse";
import type * as pulumi from "@pulumi/pulumi";
import { closeSharedSqlRunners } from "../../databricks-client/sql-session";
import { driftThresholdsProvider } from "../../dynamic-providers/drift-thresholds";
import { keyedThresholds, type ThresholdRow } from "../../core/threshold-rows";

/**
 * A local warehouse with the monitoring schema, and the DriftThresholds provider configured
 * for it the way the engine does it (configure() with the stack config), called directly.
 */

export const TABLE = "ml_dev.monitoring.drift_thresholds";
export type Props = Record<string, unknown>;
export type Provider = Required<pulumi.dynamic.ResourceProvider>;

export function row(overrides: Partial<ThresholdRow> = {}): ThresholdRow {
  return {
    column: "amount",
    statistic: "ks_test.pvalue",
    driftType: "CONSECUTIVE",
    severity: "critical",
    comparator: "<",
    value: 0.01,
    ...overrides,
  };
}

export const ROWS: ThresholdRow[] = [
  row(),
  row({
    statistic: "population_stability_index",
    severity: "warning",
    comparator: ">",
    value: 0.1,
  }),
  row({
    column: "country",
    statistic: "js_distance",
    severity: "critical",
    comparator: ">",
    value: 0.2,
  }),
  row({
    column: ":table",
    statistic: "staleness_hours",
    driftType: "DATA_QUALITY",
    severity: "warning",
    comparator: ">",
    value: 24,
  }),
];

export function inputs(rows: ThresholdRow[] = ROWS, overrides: Props = {}): Props {
  return {
    table: TABLE,
    model: "churn",
    thresholds: keyedThresholds(rows),
    adopt: false,
    ...overrides,
  };
}

export interface Harness {
  warehouse: LocalWarehouse;
  provider: Provider;
  config: Record<string, string>;
  /** The table's rows for a model (or all), as the warehouse holds them. */
  rows(model?: string): Promise<Array<Record<string, unknown>>>;
  /** Statements the warehouse executed while `work` ran, and what `work` returned. */
  counting<T>(
    work: () => Promise<T>,
  ): Promise<{ result: T; statements: string[]; sessions: number }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: LocalWarehouseOptions = {},
  config: Record<string, string> = {},
): Promise<Harness> {
  const warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"], ...options });
  await warehouse.seed.createSchema("ml_dev.monitoring");
  const settings: Record<string, string> = {
    "databricks:host": warehouse.url,
    "databricks:token": warehouse.token,
    "model-monitoring:warehouseId": warehouse.warehouseId,
    "model-monitoring:caCert": warehouse.caCert,
    ...config,
  };
  const provider = driftThresholdsProvider as Provider;
  await provider.configure({
    config: {
      get: (key: string) => settings[key],
      require: (key: string) => {
        const value = settings[key];
        if (value === undefined) throw new Error(`missing ${key}`);
        return value;
      },
    },
  });
  return {
    warehouse,
    provider,
    config: settings,
    async rows(model) {
      const where = model === undefined ? "" : ` WHERE model = :model`;
      return warehouse.query(
        `SELECT model, column_name, statistic, drift_type, severity, comparator, value, updated_at, owner FROM ${TABLE}${where} ORDER BY model, column_name, statistic, drift_type, severity`,
        model === undefined ? {} : { model },
      );
    },
    async counting(work) {
      const before = warehouse.counters.statements.length;
      const sessionsBefore = warehouse.counters.sessionsOpened;
      const result = await work();
      return {
        result,
        statements: warehouse.counters.statements
          .slice(before)
          .map((s) => s.received.trimStart().split(/\s+/)[0] as string),
        sessions: warehouse.counters.sessionsOpened - sessionsBefore,
      };
    },
    async close() {
      await closeSharedSqlRunners();
      await warehouse.close();
    },
  };
}

/** What a property diff shows, leaf by leaf: `thresholds["k"].value: 0.01 => 0.05`. */
export function propertyDiff(before: unknown, after: unknown, path = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const child = /^[A-Za-z_]\w*$/.test(key)
        ? `${path}${path ? "." : ""}${key}`
        : `${path}[${JSON.stringify(key)}]`;
      if (!(key in after)) return [`- ${child}`];
      if (!(key in before)) return [`+ ${child}`];
      return propertyDiff(before[key], after[key], child);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after)
    ? []
    : [`~ ${path}: ${JSON.stringify(before)} => ${JSON.stringify(after)}`];
}
