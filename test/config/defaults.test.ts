import { modelWithDefaults, stackWithDefaults } from "../../config/schema/defaults";

const STACK = {
  environment: "dev" as const,
  catalog: "ml_dev",
  inferenceSchema: "inference",
  monitoringSchema: "monitoring",
  warehouseId: "0123456789abcdef",
};
const COLUMNS = {
  features: [{ name: "amount", type: "double" }],
  prediction: { name: "score", type: "double" },
};

function modelIn(environment: "dev" | "prod", merged: Record<string, unknown> = {}) {
  const stack = stackWithDefaults(environment, environment).parse({ ...STACK, environment });
  return modelWithDefaults({
    name: "churn-model",
    stack: environment,
    environment,
    schedules: stack.schedules,
    registeredModelCatalog: "main",
    description: "Churn",
  }).parse({ ...COLUMNS, ...merged });
}

describe("defaults", () => {
  it("make dev cheap: paused schedules, endpoints that scale to zero, data not protected", () => {
    const stack = stackWithDefaults("dev", "dev").parse(STACK);
    expect(stack.schedules).toEqual({
      timezone: "UTC",
      paused: true,
      monitor: "0 0 6 * * ?",
      processing: "0 0 * * * ?",
      alerts: "0 30 6 * * ?",
    });
    expect(stack.protectData).toBe(false);
    expect(stack.assetsRoot).toBe("/Workspace/Shared/model-monitoring/dev");
    expect(modelIn("dev").serving.scaleToZero).toBe(true);
  });

  it("make prod safe: running schedules, no scale to zero, data protected", () => {
    const stack = stackWithDefaults("prod", "prod").parse({ ...STACK, environment: "prod" });
    expect(stack.schedules.paused).toBe(false);
    expect(stack.protectData).toBe(true);
    expect(modelIn("prod").serving.scaleToZero).toBe(false);
  });

  it("fill every section of a model that no layer gave, naming tables and endpoint after it", () => {
    const model = modelIn("dev");
    expect(model.endpointName).toBe("churn-model-dev");
    expect(model.idColumn).toBe("client_request_id");
    expect(model.features).toEqual([{ name: "amount", type: "double", categorical: false }]);
    expect(model.inference).toEqual({
      lateArrivalHours: 6,
      modelIdSource: "served_entity_id",
      adoptProcessedTable: false,
      tablePrefix: "churn_model",
    });
    expect(model.monitor).toMatchObject({
      granularities: ["1 day"],
      schedule: { cron: "0 0 6 * * ?", timezone: "UTC", paused: true },
      failureEmails: [],
    });
    expect(model.dataQuality).toEqual({
      maxNullRate: 0.1,
      minRowCountRatio: 0.5,
      maxStalenessHours: 24,
      severity: "warning",
    });
    expect(model.governance.registeredModel).toMatchObject({
      manage: true,
      catalog: "main",
      comment: "Churn",
      adopt: false,
    });
    expect(model.governance.experiment.root).toBe("/Shared/model-monitoring/dev/experiments");
  });

  it("never outrank a value a layer gave, also where a schedule gives only its time zone", () => {
    const model = modelIn("dev", {
      endpointName: "churn",
      inference: { tablePrefix: "churn_v2", lateArrivalHours: 1 },
      monitor: { schedule: { timezone: "Europe/Amsterdam" } },
      governance: { registeredModel: { catalog: "ml_dev", comment: "Own" } },
    });
    expect(model.endpointName).toBe("churn");
    expect(model.inference).toMatchObject({ tablePrefix: "churn_v2", lateArrivalHours: 1 });
    expect(model.monitor.schedule).toEqual({
      cron: "0 0 6 * * ?",
      timezone: "Europe/Amsterdam",
      paused: true,
    });
    expect(model.governance.registeredModel).toMatchObject({ catalog: "ml_dev", comment: "Own" });
  });
});
