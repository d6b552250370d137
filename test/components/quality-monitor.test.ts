import {
  MONITOR_IGNORE_CHANGES,
  MONITOR_REPLACE_ON_CHANGES,
  QualityMonitor,
} from "../../components/QualityMonitor";
import { InferenceTable } from "../../components/InferenceTable";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { TYPES, inMockRuntime, single } from "../helpers/mock-program";
import { partsOf } from "../helpers/component-args";

function specOf(model = baseModel(), stack = baseStack(), stackName = "dev") {
  const [spec] = loadFixture({ fraud: model }, stack, stackName).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

async function monitorFor(spec: ReturnType<typeof specOf>, stack = "dev") {
  const { resources, outputs } = await inMockRuntime(
    () => {
      const inference = new InferenceTable("fraud-inference", partsOf(spec).inference);
      return new QualityMonitor("fraud-monitor", {
        ...partsOf(spec).monitor,
        processedTable: inference.processedTable,
      });
    },
    { stack },
  );
  return { resources, outputs, monitor: single(resources, TYPES.monitor) };
}

const value = <T>(output: { apply<U>(f: (v: T) => U): unknown }) =>
  new Promise<T>((resolve) => output.apply((v) => resolve(v)));

describe("QualityMonitor", () => {
  it("declares an inference-log monitor on the processed table", async () => {
    const model = baseModel({
      label: { name: "was_fraud", type: "int" },
      labels: { table: "ml.labels.fraud", keyColumn: "request_id", labelColumn: "was_fraud" },
      monitor: {
        granularities: ["1 hour", "1 day"],
        slicingExprs: ["merchant_category"],
        baselineTable: "ml.training.fraud_baseline",
        failureEmails: ["team@example.com"],
        customMetrics: [
          {
            type: "aggregate",
            name: "avg_amount",
            inputColumns: ["amount"],
            definition: "avg(`{{input_column}}`)",
            outputDataType: "double",
          },
        ],
      },
    });
    const { monitor, resources } = await monitorFor(
      specOf(model, baseStack({ schedules: { paused: false } })),
    );
    expect(monitor.inputs).toMatchObject({
      tableName: "ml_dev.inference.fraud_processed",
      assetsDir: "/Workspace/Shared/model-monitoring/dev/fraud",
      outputSchemaName: "ml_dev.monitoring",
      inferenceLog: {
        problemType: "PROBLEM_TYPE_CLASSIFICATION",
        granularities: ["1 hour", "1 day"],
        timestampCol: "request_time",
        modelIdCol: "model_id",
        predictionCol: "is_fraud",
        labelCol: "was_fraud",
      },
      schedule: { quartzCronExpression: "0 0 6 * * ?", timezoneId: "UTC" },
      notifications: { onFailure: { emailAddresses: ["team@example.com"] } },
      slicingExprs: ["merchant_category"],
      baselineTableName: "ml.training.fraud_baseline",
      customMetrics: [{ type: "CUSTOM_METRIC_TYPE_AGGREGATE", name: "avg_amount" }],
      warehouseId: "0123456789abcdef",
    });
    expect(monitor.dependsOn).toContain(single(resources, TYPES.sqlTable).urn);
  });

  it("declares replacement for the fields Databricks cannot update, deleting first", async () => {
    const { monitor } = await monitorFor(specOf());
    expect(monitor.options.replaceOnChanges).toEqual(MONITOR_REPLACE_ON_CHANGES);
    expect(MONITOR_REPLACE_ON_CHANGES).toEqual([
      "tableName",
      "assetsDir",
      "outputSchemaName",
      "warehouseId",
    ]);
    expect(monitor.options.deleteBeforeReplace).toBe(true);
  });

  // Issue 11: the provider keeps skip_builtin_dashboard only when true, so a refresh turned a
  // sent false into null and every monitor was replaced on the next up.
  it("sends skipBuiltinDashboard only when true and never replaces a monitor for it", async () => {
    const { monitor } = await monitorFor(specOf());
    expect(monitor.inputs).not.toHaveProperty("skipBuiltinDashboard");
    expect(monitor.options.replaceOnChanges).not.toContain("skipBuiltinDashboard");
    expect(monitor.options.ignoreChanges).toEqual(MONITOR_IGNORE_CHANGES);
    expect(MONITOR_IGNORE_CHANGES).toEqual(["skipBuiltinDashboard"]);

    const skipping = await monitorFor(
      specOf(baseModel({ monitor: { skipBuiltinDashboard: true } })),
    );
    expect(skipping.monitor.inputs.skipBuiltinDashboard).toBe(true);
  });

  it("sends Unity Catalog names in lower case and no empty custom metrics list", async () => {
    const { monitor } = await monitorFor(
      specOf(
        baseModel({ monitor: { baselineTable: "ML.Training.Fraud_Baseline" } }),
        baseStack({ catalog: "ML_Dev", monitoringSchema: "Monitoring" }),
      ),
    );
    expect(monitor.inputs).toMatchObject({
      tableName: "ml_dev.inference.fraud_processed",
      outputSchemaName: "ml_dev.monitoring",
      baselineTableName: "ml.training.fraud_baseline",
    });
    expect(monitor.inputs).not.toHaveProperty("customMetrics");
  });

  it("maps forecasting onto the regression problem type", async () => {
    const { monitor } = await monitorFor(
      specOf(baseModel({ template: "forecasting", prediction: { name: "units", type: "double" } })),
    );
    expect(monitor.inputs).toMatchObject({
      inferenceLog: { problemType: "PROBLEM_TYPE_REGRESSION", granularities: ["1 day", "1 week"] },
    });
  });

  it("leaves the schedule out when schedules are paused (dev), so it refreshes on demand", async () => {
    const { monitor } = await monitorFor(specOf());
    expect(monitor.inputs.schedule).toBeUndefined();
  });

  it("exports the metric table names Databricks derives from the table", async () => {
    const { outputs } = await monitorFor(specOf());
    expect(await value(outputs.profileMetricsTableName)).toBe(
      "ml_dev.monitoring.fraud_processed_profile_metrics",
    );
    expect(await value(outputs.driftMetricsTableName)).toBe(
      "ml_dev.monitoring.fraud_processed_drift_metrics",
    );
    expect(await value(outputs.dashboardId)).toBe("fraud-monitor-dashboard");
  });
});
