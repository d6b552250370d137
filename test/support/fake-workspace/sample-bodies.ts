import type { WorkspaceState } from "./state";
import type { TableSeed } from "./tables";

/**
 * Valid request bodies for the fake's APIs, shaped like what the project sends. Tests start from
 * these and change one thing; other engineers can use them to seed a workspace.
 */

export function endpointBody(
  name = "churn-model",
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name,
    config: {
      served_entities: [
        {
          name: "churn-v1",
          entity_name: "main.ml.churn",
          entity_version: "1",
          scale_to_zero_enabled: true,
        },
      ],
    },
    ...overrides,
  };
}

export function inferenceTableGateway(
  catalog = "main",
  schema = "inference",
  prefix?: string,
): Record<string, unknown> {
  return {
    inference_table_config: {
      enabled: true,
      catalog_name: catalog,
      schema_name: schema,
      ...(prefix === undefined ? {} : { table_name_prefix: prefix }),
    },
  };
}

/** A processed inference table an InferenceLog monitor can watch. */
export const processedTable: TableSeed = {
  full_name: "main.inference.churn_processed",
  columns: [
    { name: "request_time", type: "timestamp" },
    { name: "model_version", type: "string" },
    { name: "tenure_months", type: "double" },
    { name: "plan", type: "string" },
    { name: "prediction", type: "int" },
    { name: "label", type: "int" },
  ],
};

export function monitorBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    assets_dir: "/Workspace/Users/fake-user@example.com/databricks_lakehouse_monitoring/churn",
    output_schema_name: "main.monitoring",
    inference_log: {
      granularities: ["1 day"],
      timestamp_col: "request_time",
      model_id_col: "model_version",
      prediction_col: "prediction",
      label_col: "label",
      problem_type: "PROBLEM_TYPE_CLASSIFICATION",
    },
    slicing_exprs: ["plan"],
    schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: "UTC" },
    notifications: { on_failure: { email_addresses: ["ml-team@example.com"] } },
    warehouse_id: "abc123warehouse",
    ...overrides,
  };
}

export function alertBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    display_name: "churn drift: critical",
    query_text: "SELECT count(*) AS violations FROM main.monitoring.churn_violations",
    warehouse_id: "abc123warehouse",
    evaluation: {
      source: { name: "violations" },
      comparison_operator: "GREATER_THAN",
      threshold: { value: { double_value: 0 } },
      empty_result_state: "OK",
    },
    schedule: { quartz_cron_schedule: "0 0 * * * ?", timezone_id: "UTC" },
    ...overrides,
  };
}

/**
 * The Unity Catalog objects the bodies above name: catalog `main` with schemas `inference`,
 * `monitoring` and `ml`, and the registered model `main.ml.churn` with versions 1-3 and the alias
 * `champion` on version 1. Tests that use the sample bodies seed this first.
 */
export function seedSampleCatalog(state: WorkspaceState): void {
  state.seedSchemas("main.inference", "main.monitoring", "main.ml");
  if (!state.models.has("main.ml.churn")) {
    state.models.seed({
      full_name: "main.ml.churn",
      versions: [1, 2, 3],
      aliases: { champion: 1 },
    });
  }
}
