import { TYPES } from "../../policies/resource-types";
import {
  prodDataProtected,
  prodMinConcurrency,
  prodNoScaleToZero,
  prodSchedulesActive,
} from "../../policies/rules/prod-guardrails";
import { T, UNKNOWN, context, monitoredModel, replace, resource, withInputs } from "./fixtures";

/** The bundle's endpoint with its one served entity replaced by `entity`. */
function servingWith(entity: Record<string, unknown>) {
  const m = monitoredModel();
  return withInputs(m.endpoint, { config: { servedEntities: [{ name: "champion", ...entity }] } });
}

describe("prod-no-scale-to-zero", () => {
  it("passes prod endpoints that stay warm", () => {
    expect(prodNoScaleToZero.check(monitoredModel().all, context("prod"))).toEqual([]);
  });

  it("fails a prod served entity that scales to zero, also under the deprecated servedModels", () => {
    const entities = servingWith({ workloadSize: "Small", scaleToZeroEnabled: true });
    const models = withInputs(monitoredModel("fraud").endpoint, {
      config: {
        servedEntities: null,
        servedModels: [{ name: "legacy", scaleToZeroEnabled: true }],
      },
    });
    const findings = prodNoScaleToZero.check([entities, models], context("prod"));
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining("served entity champion of endpoint churn-prod scales to zero"),
      expect.stringContaining("served entity legacy of endpoint fraud-prod scales to zero"),
    ]);
  });

  it("lets dev and acc scale to zero", () => {
    const endpoint = servingWith({ workloadSize: "Small", scaleToZeroEnabled: true });
    expect(prodNoScaleToZero.check([endpoint], context("dev"))).toEqual([]);
    expect(prodNoScaleToZero.check([endpoint], context("acc"))).toEqual([]);
  });
});

describe("prod-min-concurrency", () => {
  it.each([
    ["workload size Small", { workloadSize: "Small" }],
    ["workload size Medium", { workloadSize: "Medium" }],
    [
      "min provisioned concurrency 8",
      { minProvisionedConcurrency: 8, maxProvisionedConcurrency: 16 },
    ],
    ["an external model", { externalModel: { provider: "openai", name: "gpt" } }],
  ])("passes %s", (_label, entity) => {
    expect(prodMinConcurrency.check([servingWith(entity)], context("prod"))).toEqual([]);
  });

  it.each([
    [
      "a minimum below the floor",
      { minProvisionedConcurrency: 2, maxProvisionedConcurrency: 8 },
      "keeps 2 concurrent requests warm; prod needs at least 4",
    ],
    [
      "no size at all",
      { entityName: "ml.models.churn" },
      "sets neither workloadSize nor minProvisionedConcurrency",
    ],
    [
      "an unknown size name",
      { workloadSize: "Tiny" },
      "sets neither workloadSize nor minProvisionedConcurrency",
    ],
  ])("fails %s", (_label, entity, message) => {
    expect(
      prodMinConcurrency.check([servingWith(entity)], context("prod")).map((f) => f.message),
    ).toEqual([expect.stringContaining(message)]);
  });

  it("uses the configured floor", () => {
    const medium = servingWith({ workloadSize: "Medium" });
    expect(
      prodMinConcurrency.check([medium], context("prod", { prodMinConcurrency: 16 })),
    ).toHaveLength(1);
    expect(prodMinConcurrency.check([medium], context("prod", { prodMinConcurrency: 8 }))).toEqual(
      [],
    );
  });

  it("skips sizes known only after apply and non-prod stacks", () => {
    expect(
      prodMinConcurrency.check(
        [servingWith({ minProvisionedConcurrency: UNKNOWN })],
        context("prod"),
      ),
    ).toEqual([]);
    expect(
      prodMinConcurrency.check([servingWith({ minProvisionedConcurrency: 0 })], context("dev")),
    ).toEqual([]);
  });
});

describe("prod-data-protected", () => {
  it("passes protected, retained prod tables", () => {
    expect(prodDataProtected.check(monitoredModel().all, context("prod"))).toEqual([]);
  });

  it("fails a prod table without protect or retainOnDelete", () => {
    const m = monitoredModel();
    const bare = { ...m.table, options: {} };
    const unretained = { ...m.table, options: { protect: true } };
    expect(prodDataProtected.check([bare], context("prod")).map((f) => f.message)).toEqual([
      "churn-processed holds data but lacks protect and retainOnDelete",
    ]);
    expect(prodDataProtected.check([unretained], context("prod")).map((f) => f.message)).toEqual([
      "churn-processed holds data but lacks retainOnDelete",
    ]);
  });

  it("checks only protect where retainOnDelete cannot be seen (the policy SDK)", () => {
    const unretained = { ...monitoredModel().table, options: { protect: true } };
    expect(
      prodDataProtected.check([unretained], { ...context("prod"), seesRetainOnDelete: false }),
    ).toEqual([]);
  });

  it("covers the drift thresholds rows", () => {
    // The pack's copy of the token is the provider's.
    expect(TYPES.driftThresholds).toBe("pulumi-nodejs:dynamic/model-monitoring:DriftThresholds");
    const thresholds = resource(TYPES.driftThresholds, "churn-thresholds", { model: "churn" });
    expect(prodDataProtected.check([thresholds], context("prod")).map((f) => f.message)).toEqual([
      "churn-thresholds holds data but lacks protect and retainOnDelete",
    ]);
  });

  it("covers the configured data types and only prod", () => {
    const schema = resource("databricks:index/schema:Schema", "monitoring", { name: "monitoring" });
    expect(prodDataProtected.check([schema], context("prod"))).toHaveLength(1);
    expect(
      prodDataProtected.check([schema], context("prod", { dataResourceTypes: [T.sqlTable] })),
    ).toEqual([]);
    expect(
      prodDataProtected.check([{ ...monitoredModel().table, options: {} }], context("acc")),
    ).toEqual([]);
  });
});

describe("prod-schedules-active", () => {
  it("passes running schedules", () => {
    expect(prodSchedulesActive.check(monitoredModel().all, context("prod"))).toEqual([]);
  });

  it("fails a monitor without a schedule and paused job and alert schedules", () => {
    const m = monitoredModel();
    const resources = replace(
      replace(
        replace(m.all, withInputs(m.monitor, { schedule: null })),
        withInputs(m.job, { schedule: { pauseStatus: "PAUSED" } }),
      ),
      withInputs(m.alert, { schedule: { pauseStatus: "PAUSED" } }),
    );
    expect(prodSchedulesActive.check(resources, context("prod")).map((f) => f.resource)).toEqual([
      "churn-monitor",
      "churn-refresh",
      "churn-drift-critical",
    ]);
    expect(prodSchedulesActive.check(resources, context("dev"))).toEqual([]);
  });
});
