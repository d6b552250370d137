import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";
import { readStackConfig } from "../../cli/plan/stack-file";
import { REPO_ROOT } from "../helpers/fixture-project";
import { TYPES, computedOutputs, ofType } from "../helpers/mock-program";

/** index.ts itself, evaluated in Pulumi's mock runtime with each shipped stack's configuration. */

const GET_REGISTERED_MODEL = "databricks:index/getRegisteredModel:getRegisteredModel";

async function evaluateIndex(stack: string) {
  const { config, secretKeys } = readStackConfig(REPO_ROOT, stack);
  // Each evaluation loads the Pulumi SDK afresh (isolateModules), and its dependencies (tmp,
  // the SDK's promise-leak report) each add a process "exit" listener. Those of a finished
  // evaluation are removed: they would hold its modules and, past ten, make Node warn
  // (MaxListenersExceededWarning).
  const exitListeners = new Set(process.listeners("exit"));
  try {
    return await evaluateIsolated(stack, config, secretKeys);
  } finally {
    for (const listener of process.listeners("exit"))
      if (!exitListeners.has(listener)) process.off("exit", listener);
  }
}

function evaluateIsolated(
  stack: string,
  config: ReturnType<typeof readStackConfig>["config"],
  secretKeys: ReturnType<typeof readStackConfig>["secretKeys"],
) {
  return evaluateInMockRuntime(
    {
      project: "model-monitoring",
      stack,
      config,
      secretKeys,
      preview: false,
      computed: computedOutputs,
      invoke: (token) =>
        token === GET_REGISTERED_MODEL
          ? {
              modelInfos: [
                {
                  aliases: [
                    { aliasName: "champion", versionNum: 21 },
                    { aliasName: "challenger", versionNum: 22 },
                  ],
                },
              ],
            }
          : undefined,
    },
    () => {
      let exported: Record<string, unknown> = {};
      jest.isolateModules(() => {
        exported = require("../../index") as Record<string, unknown>;
      });
      return exported;
    },
  );
}

function countByType(resources: PlannedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources.filter((x) => x.custom)) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

const servedEntities = (r: PlannedResource) =>
  (r.inputs.config as { servedEntities: Record<string, unknown>[] }).servedEntities;

describe.each(["dev", "acc", "prod"])("index.ts on stack %s", (stack) => {
  let resources: PlannedResource[];
  let exported: Record<string, unknown>;
  beforeAll(async () => {
    ({ resources, outputs: exported } = await evaluateIndex(stack));
  });

  it("declares the monitoring of all three models", () => {
    // Prod keeps 90 days (Pulumi.prod.yaml): one retention job and a SQL file per model.
    const retention = stack === "prod" ? { "databricks:index/workspaceFile:WorkspaceFile": 3 } : {};
    expect(countByType(resources)).toEqual({
      ...retention,
      [TYPES.serving]: 3,
      [TYPES.permissions]: 5, // CAN_QUERY on two endpoints, experiment permissions on three
      [TYPES.sqlTable]: 3,
      [TYPES.query]: 3,
      [TYPES.job]: stack === "prod" ? 4 : 3,
      [TYPES.monitor]: 3,
      "databricks:index/registeredModel:RegisteredModel": 3,
      // prod turns authoritative grants on (one Grants per model); dev and acc grant per principal.
      ...(stack === "prod"
        ? { "databricks:index/grants:Grants": 3 }
        : { "databricks:index/grant:Grant": 8 }),
      "databricks:index/directory:Directory": 3,
      "databricks:index/mlflowExperiment:MlflowExperiment": 3,
      "databricks:index/notificationDestination:NotificationDestination": 3,
      "databricks:index/alertV2:AlertV2": 6, // one per severity per model
      "pulumi-nodejs:dynamic/model-monitoring:PayloadTableReady": 3,
      "pulumi-nodejs:dynamic/model-monitoring:MonitorReady": 3,
      "pulumi-nodejs:dynamic/model-monitoring:DriftThresholds": 3,
    });
    expect(Object.keys(exported.models as object).sort()).toEqual([
      "churn-classifier",
      "demand-forecaster",
      "house-price-regressor",
    ]);
  });

  it("names endpoints per environment and logs every request to the stack's catalog", () => {
    for (const serving of ofType(resources, TYPES.serving)) {
      expect(serving.inputs.name).toMatch(new RegExp(`-${stack}$`));
      expect(serving.inputs.aiGateway).toMatchObject({
        inferenceTableConfig: { enabled: true, catalogName: `ml_${stack}` },
      });
    }
  });

  it("serves the alias-resolved version for the forecaster", () => {
    const forecaster = ofType(resources, TYPES.serving).find(
      (r) => r.name === "demand-forecaster-endpoint",
    );
    expect(forecaster && servedEntities(forecaster)[0]).toMatchObject({ entityVersion: "21" });
  });

  it("puts every monitor on its processed table, after that table exists", () => {
    const tables = new Map(ofType(resources, TYPES.sqlTable).map((t) => [t.urn, t]));
    for (const monitor of ofType(resources, TYPES.monitor)) {
      const table = monitor.dependsOn.map((urn) => tables.get(urn)).find(Boolean);
      expect(monitor.inputs.tableName).toBe(
        `${table?.inputs.catalogName}.${table?.inputs.schemaName}.${table?.inputs.name}`,
      );
    }
  });

  it("keeps each model's thresholds in the stack's table after its monitor is ready, protected in prod only", () => {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const thresholds = ofType(resources, "pulumi-nodejs:dynamic/model-monitoring:DriftThresholds");
    expect(thresholds.map((t) => t.inputs.model).sort()).toEqual([
      "churn-classifier",
      "demand-forecaster",
      "house-price-regressor",
    ]);
    for (const t of thresholds) {
      expect(t.inputs.table).toBe(`ml_${stack}.monitoring.drift_thresholds`);
      expect(t.dependsOn.map((urn) => byUrn.get(urn)?.type)).toContain(
        "pulumi-nodejs:dynamic/model-monitoring:MonitorReady",
      );
      expect(Boolean(t.options.protect) && Boolean(t.options.retainOnDelete)).toBe(
        stack === "prod",
      );
    }
    for (const alert of ofType(resources, "databricks:index/alertV2:AlertV2")) {
      expect(alert.dependsOn.map((urn) => byUrn.get(urn)?.type)).toContain(
        "pulumi-nodejs:dynamic/model-monitoring:DriftThresholds",
      );
      expect(alert.inputs.warehouseId).toBe(
        ofType(resources, TYPES.monitor)[0]?.inputs.warehouseId,
      );
    }
  });

  it(
    stack === "prod"
      ? "protects and retains every data table, and never scales to zero"
      : "leaves tables unprotected",
    () => {
      const isProd = stack === "prod";
      for (const table of ofType(resources, TYPES.sqlTable)) {
        expect(Boolean(table.options.protect)).toBe(isProd);
        expect(Boolean(table.options.retainOnDelete)).toBe(isProd);
      }
      const scaleToZero = ofType(resources, TYPES.serving)
        .flatMap(servedEntities)
        .map((e) => e.scaleToZeroEnabled);
      expect(scaleToZero.every((z) => z === (stack === "dev"))).toBe(true);
    },
  );
});

describe("environment differences", () => {
  it("pauses dev schedules and runs acc and prod ones", async () => {
    const pauses: Record<string, unknown[]> = {};
    for (const stack of ["dev", "acc", "prod"]) {
      const { resources } = await evaluateIndex(stack);
      pauses[stack] = ofType(resources, TYPES.job).map(
        (j) => (j.inputs.schedule as { pauseStatus: string }).pauseStatus,
      );
    }
    expect(pauses).toEqual({
      dev: ["PAUSED", "PAUSED", "PAUSED"],
      acc: ["UNPAUSED", "UNPAUSED", "UNPAUSED"],
      prod: ["UNPAUSED", "UNPAUSED", "UNPAUSED", "UNPAUSED"], // the last: retention
    });
  });

  it("gives prod one retention job: a SQL file task per model, 90 days, on-call told of failures", async () => {
    const { resources } = await evaluateIndex("prod");
    const job = ofType(resources, TYPES.job).find((j) => j.name === "stack-retention-job");
    const tasks = (job?.inputs.tasks ?? []) as Record<string, unknown>[];
    expect(tasks.map((t) => t.taskKey)).toEqual([
      "retention-churn-classifier",
      "retention-demand-forecaster",
      "retention-house-price-regressor",
    ]);
    expect(tasks[0]).toMatchObject({
      description: expect.stringContaining("older than 90 days"),
      sqlTask: {
        warehouseId: "2123456789abcdef",
        file: {
          path: "/Workspace/Shared/model-monitoring/prod/churn-classifier/retention.sql",
          source: "WORKSPACE",
        },
      },
    });
    expect(job?.inputs).toMatchObject({
      name: "model-monitoring-prod-retention",
      maxConcurrentRuns: 1,
      schedule: { quartzCronExpression: "0 0 2 * * ?", timezoneId: "Europe/Amsterdam" },
      emailNotifications: { onFailures: ["ml-oncall@example.com"] },
    });
    const file = ofType(resources, "databricks:index/workspaceFile:WorkspaceFile").find(
      (f) => f.name === "stack-retention-churn-classifier-sql",
    );
    const sql = Buffer.from(String(file?.inputs.contentBase64), "base64").toString();
    expect(sql).toContain(
      "DELETE FROM `ml_prod`.`inference`.`churn_classifier_processed`\nWHERE `request_time` < current_timestamp() - make_dt_interval(90);",
    );
    expect(sql).toContain("VACUUM `ml_prod`.`inference`.`churn_classifier_payload`;");
  });

  it("sizes prod endpoints up and gives the forecaster more concurrency there", async () => {
    const { resources } = await evaluateIndex("prod");
    const byName = new Map(
      ofType(resources, TYPES.serving).map((r) => [r.name, servedEntities(r)]),
    );
    expect(byName.get("churn-classifier-endpoint")?.[0]).toMatchObject({ workloadSize: "Medium" });
    expect(byName.get("demand-forecaster-endpoint")?.[0]).toMatchObject({
      minProvisionedConcurrency: 8,
      maxProvisionedConcurrency: 16,
    });
  });
});
