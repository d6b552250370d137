import { TYPES } from "./resource-types";

/**
 * The one place to tune the guardrails: how each rule is enforced and the thresholds the
 * rules use. The offline plan and the policy pack both read these values.
 */

export const RULE_IDS = [
  "endpoint-inference-table",
  "endpoint-monitor",
  "endpoint-alert",
  "prod-no-scale-to-zero",
  "prod-min-concurrency",
  "prod-data-protected",
  "prod-schedules-active",
  "valid-schedules",
  "no-deprecated-resource-types",
  "no-deprecated-serving-inputs",
  "authoritative-grants",
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** Pulumi's enforcement levels, minus "remediate" (these rules only report). */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

export interface PolicySettings {
  enforcement: Record<RuleId, EnforcementLevel>;
  /** Minimum concurrency a prod served entity keeps warm. */
  prodMinConcurrency: number;
  /** Concurrency a workload size provides when scale to zero is off (Databricks sizing). */
  workloadSizeConcurrency: Record<string, number>;
  /** Resource types that hold data: protected and retained in prod. */
  dataResourceTypes: string[];
  /**
   * Environment of a stack whose name is not its environment (e.g. "prod-eu": "prod"). The
   * offline plan reads the environment from the stack config; the policy pack cannot, so it
   * uses this map and otherwise the stack name.
   */
  stackEnvironments: Record<string, string>;
}

export const POLICY_SETTINGS: PolicySettings = {
  enforcement: {
    "endpoint-inference-table": "mandatory",
    "endpoint-monitor": "mandatory",
    "endpoint-alert": "mandatory",
    "prod-no-scale-to-zero": "mandatory",
    "prod-min-concurrency": "mandatory",
    "prod-data-protected": "mandatory",
    "prod-schedules-active": "mandatory",
    "valid-schedules": "mandatory",
    "no-deprecated-resource-types": "mandatory",
    "no-deprecated-serving-inputs": "mandatory",
    // Opted into per stack or model (issue 13): reported, never blocking.
    "authoritative-grants": "advisory",
  },
  // Small with scale to zero off: what a cold endpoint cannot offer.
  prodMinConcurrency: 4,
  workloadSizeConcurrency: { Small: 4, Medium: 8, Large: 16 },
  dataResourceTypes: [
    TYPES.sqlTable,
    "databricks:index/schema:Schema",
    "databricks:index/catalog:Catalog",
    "databricks:index/volume:Volume",
    // The thresholds rows: deleting them pages on-call.
    TYPES.driftThresholds,
  ],
  stackEnvironments: {},
};
