import { DYNAMIC_TYPE_TOKENS } from "../core/type-tokens";

/** Type tokens the rules look at, as the engine (and the offline plan) reports them. */
export const TYPES = {
  modelServing: "databricks:index/modelServing:ModelServing",
  qualityMonitor: "databricks:index/qualityMonitor:QualityMonitor",
  alertV2: "databricks:index/alertV2:AlertV2",
  job: "databricks:index/job:Job",
  sqlTable: "databricks:index/sqlTable:SqlTable",
  driftThresholds: DYNAMIC_TYPE_TOKENS.DriftThresholds,
  grants: "databricks:index/grants:Grants",
  stack: "pulumi:pulumi:Stack",
} as const;
