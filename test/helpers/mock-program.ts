import { evaluateInMockRuntime, type MockEvaluation } from "../../cli/plan/mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";

/** What Databricks would return on create, so dependents see known values as after `up`. */
export function computedOutputs(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case "databricks:index/modelServing:ModelServing":
      return {
        servingEndpointId: `${name}-endpoint-id`,
        endpointUrl: `https://example/serving-endpoints/${name}`,
      };
    case "databricks:index/qualityMonitor:QualityMonitor":
      return {
        dashboardId: `${name}-dashboard`,
        monitorId: `${name}-monitor-id`,
        status: "MONITOR_STATUS_ACTIVE",
      };
    default:
      return {};
  }
}

/** Runs `program` in Pulumi's mock runtime (not preview) and returns what it registered. */
export function inMockRuntime<T>(
  program: () => T,
  options: {
    stack?: string;
    invoke?: (
      token: string,
      inputs: Record<string, unknown>,
    ) => Record<string, unknown> | undefined;
  } = {},
): Promise<MockEvaluation<T>> {
  return evaluateInMockRuntime(
    {
      project: "model-monitoring",
      stack: options.stack ?? "dev",
      config: {},
      secretKeys: [],
      preview: false,
      invoke: options.invoke,
      computed: computedOutputs,
    },
    program,
  );
}

export function ofType(resources: PlannedResource[], type: string): PlannedResource[] {
  return resources.filter((r) => r.type === type);
}

export function single(resources: PlannedResource[], type: string): PlannedResource {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length}`);
  return found[0] as PlannedResource;
}

export const TYPES = {
  serving: "databricks:index/modelServing:ModelServing",
  permissions: "databricks:index/permissions:Permissions",
  sqlTable: "databricks:index/sqlTable:SqlTable",
  query: "databricks:index/query:Query",
  job: "databricks:index/job:Job",
  monitor: "databricks:index/qualityMonitor:QualityMonitor",
} as const;
