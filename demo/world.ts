import { startPreflightWorld, type PreflightWorld } from "../test/cli/day2/preflight/support";
import { DRIFTING, fraudModel, seedModel } from "../test/cli/day2/support/scenarios";
import {
  driftMetricsColumns,
  profileMetricsColumns,
} from "../test/support/fake-workspace/table-schemas";
import { alertQueryTables } from "../core/alert-spec";
import type { ModelSpec } from "../config/model-spec";
import { formatTableName } from "../core/names";
import { THRESHOLD_COLUMNS } from "../sql/thresholds-table";

/**
 * The demo's world: the day-2 test harness (both stand-ins behind one host, a project folder
 * pointing at it) with the preflight tests' workspace (warehouse, registered model), seeded
 * with four models in the states a team meets on day 2. Reused, not copied: the demo shows
 * exactly what the tests check.
 */

export const DEMO_MODELS = {
  healthy: "fresh requests, stable metrics, thresholds deployed",
  drifting: "a critical ks_test breach on amount and a warning on merchant_category",
  stale: "no request logged or processed for 3 days",
  broken: "processed table with the wrong columns; the monitor's refresh fails",
} as const;

export type DemoModel = keyof typeof DEMO_MODELS;

export async function startDemoWorld(): Promise<PreflightWorld> {
  const names = Object.keys(DEMO_MODELS) as DemoModel[];
  const world = await startPreflightWorld(
    Object.fromEntries(names.map((name) => [name, fraudModel()])),
  );
  try {
    await seedModel(world, "healthy");
    await seedModel(world, "drifting", { metrics: DRIFTING });
    await seedModel(world, "stale", { payload: "stale", processed: "stale" });
    await seedModel(world, "broken", {
      processed: "wrong-schema",
      metrics: "missing",
      monitor: "fails-refresh",
    });
    for (const spec of world.specs) deployed(world, spec, spec.name !== "broken");
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/**
 * What `pulumi up` and the monitor's refreshes leave in Unity Catalog besides the tables
 * seedModel writes: the endpoint serving the model and logging to its payload table, the
 * thresholds table and (when written) the metric tables.
 */
function deployed(world: PreflightWorld, spec: ModelSpec, metricTables: boolean): void {
  const state = world.workspace.state;
  state.endpoints.seed({
    name: spec.endpoint.name,
    config: {
      served_entities: spec.endpoint.servedEntities.map((entity) => ({
        name: entity.name,
        entity_name: spec.registeredModel,
        entity_version: entity.version,
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
  const tables = alertQueryTables(spec);
  const thresholds = formatTableName(tables.thresholdsTable);
  if (!state.tables.exists(thresholds)) {
    state.tables.seed({
      full_name: thresholds,
      columns: THRESHOLD_COLUMNS.map(([name, type]) => ({ name, type: type.toLowerCase() })),
    });
  }
  if (!metricTables) return;
  const modelId = [{ name: "model_id", type: "string" }];
  state.tables.seed({
    full_name: formatTableName(tables.profileMetricsTable),
    columns: [...profileMetricsColumns, ...modelId],
  });
  state.tables.seed({
    full_name: formatTableName(tables.driftMetricsTable),
    columns: [...driftMetricsColumns, ...modelId],
  });
}
