import { TYPES } from "../resource-types";
import { type Finding, type PolicyRule, findingOn } from "../rule";
import { inputAt, ofType } from "../subject";

/** Nothing is built on Databricks surfaces that are deprecated or cannot be enabled any more. */

/** Deprecated resource types and what replaces them (resource docs of @pulumi/databricks). */
const DEPRECATED_TYPES: Record<string, string> = {
  "databricks:index/sqlAlert:SqlAlert": "legacy SQL alert; use databricks.AlertV2",
  // The /api/2.0/sql/alerts API (docs/databricks-api.md, SQL alerts: deprecated, no schedule of its own).
  "databricks:index/alert:Alert": "alerts API v1 (/api/2.0/sql/alerts); use databricks.AlertV2",
  "databricks:index/sqlQuery:SqlQuery": "legacy SQL query; use databricks.Query",
  "databricks:index/lakehouseMonitor:LakehouseMonitor": "deprecated; use databricks.QualityMonitor",
  "databricks:index/qualityMonitorV2:QualityMonitorV2": "deprecated; use databricks.QualityMonitor",
};

/** Deprecated inputs of a serving endpoint, by path. */
const DEPRECATED_SERVING_INPUTS: { path: string[]; why: string }[] = [
  {
    path: ["config", "autoCaptureConfig"],
    why: "the legacy inference table cannot be enabled any more; use aiGateway.inferenceTableConfig",
  },
  { path: ["config", "servedModels"], why: "deprecated; use config.servedEntities" },
  { path: ["rateLimits"], why: "deprecated; use aiGateway.rateLimits" },
];

export const noDeprecatedResourceTypes: PolicyRule = {
  id: "no-deprecated-resource-types",
  description: "No legacy SQL alerts or queries and no deprecated monitor resources.",
  check(resources) {
    return resources
      .filter((r) => DEPRECATED_TYPES[r.type] !== undefined)
      .map((r) => findingOn(r, `${r.name} is a ${r.type}: ${DEPRECATED_TYPES[r.type]}`));
  },
};

export const noDeprecatedServingInputs: PolicyRule = {
  id: "no-deprecated-serving-inputs",
  description:
    "Serving endpoints use no legacy auto-capture, servedModels or top-level rateLimits.",
  check(resources) {
    const findings: Finding[] = [];
    for (const endpoint of ofType(resources, TYPES.modelServing)) {
      for (const { path, why } of DEPRECATED_SERVING_INPUTS) {
        const value = inputAt(endpoint.inputs, ...path);
        if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
          continue;
        findings.push(
          findingOn(endpoint, `endpoint ${endpoint.name} sets ${path.join(".")}: ${why}`),
        );
      }
    }
    return findings;
  },
};
