import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";

/** template < model file < stack-wide settings < stack per-model override */
describe("merge order", () => {
  it("takes a value from the template when nobody else gives it", () => {
    const [spec] = loadFixture().models;
    expect(spec?.monitor.granularities).toEqual(["1 day"]); // classification template
    expect(spec?.dataQuality.maxNullRate).toBe(0.05);
  });

  it("lets the model override the template, and the stack override the model", () => {
    const model = baseModel({
      monitor: { granularities: ["1 hour"] },
      dataQuality: { maxNullRate: 0.2 },
    });
    const [fromModel] = loadFixture({ fraud: model }).models;
    expect(fromModel?.monitor.granularities).toEqual(["1 hour"]);
    expect(fromModel?.dataQuality.maxNullRate).toBe(0.2);

    const stack = baseStack({ monitor: { granularities: ["1 week"] } });
    const [fromStack] = loadFixture({ fraud: model }, stack).models;
    expect(fromStack?.monitor.granularities).toEqual(["1 week"]);
    // Keys the stack does not give are kept from the model.
    expect(fromStack?.dataQuality.maxNullRate).toBe(0.2);

    const override = baseStack({
      monitor: { granularities: ["1 week"] },
      models: { fraud: { monitor: { granularities: ["30 minutes"] } } },
    });
    const [fromOverride] = loadFixture({ fraud: model }, override).models;
    expect(fromOverride?.monitor.granularities).toEqual(["30 minutes"]);
  });

  it("lets the stack's top-level failure emails, monitor schedule and tags beat the model's", () => {
    const model = baseModel({
      monitor: {
        failureEmails: ["ds@example.com"],
        schedule: { cron: "0 0 * * * ?", timezone: "Europe/Amsterdam" },
      },
      serving: { tags: { team: "ds", cost: "model" } },
    });
    const [fromModel] = loadFixture({ fraud: model }).models;
    expect(fromModel?.monitor.failureEmails).toEqual(["ds@example.com"]);
    expect(fromModel?.monitor.schedule.cron).toBe("0 0 * * * ?");

    const stack = baseStack({
      failureEmails: ["oncall@example.com"],
      schedules: { monitor: "0 0 6 ? * MON", timezone: "UTC" },
      tags: { cost: "stack" },
    });
    const [spec] = loadFixture({ fraud: model }, stack).models;
    expect(spec?.monitor.failureEmails).toEqual(["oncall@example.com"]);
    expect(spec?.monitor.schedule).toMatchObject({ cron: "0 0 6 ? * MON", timezone: "UTC" });
    expect(spec?.endpoint.tags).toMatchObject({ team: "ds", cost: "stack" });

    // The per-model override still has the last word.
    const override = baseStack({
      failureEmails: ["oncall@example.com"],
      models: { fraud: { monitor: { failureEmails: ["fraud-team@example.com"] } } },
    });
    const [overridden] = loadFixture({ fraud: model }, override).models;
    expect(overridden?.monitor.failureEmails).toEqual(["fraud-team@example.com"]);
  });

  it("expands template threshold defaults to every feature of the matching kind", () => {
    const [spec] = loadFixture().models;
    const keys = spec?.thresholds.map(
      (t) => `${t.column}:${t.statistic}:${t.severity}:${t.comparator}${t.value}`,
    );
    expect(keys).toEqual(
      expect.arrayContaining([
        "amount:ks_test.pvalue:critical:<0.01",
        "amount:population_stability_index:warning:>0.1",
        "merchant_category:js_distance:critical:>0.2",
        "is_fraud:js_distance:warning:>0.1",
      ]),
    );
    expect(keys?.some((k) => k.startsWith("merchant_category:ks_test"))).toBe(false);
  });

  it("merges explicit thresholds by column, statistic, drift type and severity", () => {
    const model = baseModel({
      thresholds: [
        {
          column: "amount",
          statistic: "population_stability_index",
          value: 0.15,
          severity: "critical",
        },
      ],
    });
    const stack = baseStack({
      models: {
        fraud: {
          thresholds: [
            {
              column: "amount",
              statistic: "population_stability_index",
              value: 0.12,
              severity: "critical",
            },
            {
              column: "amount",
              statistic: "ks_test.pvalue",
              value: 0.01,
              severity: "critical",
              disabled: true,
            },
          ],
        },
      },
    });
    const [spec] = loadFixture({ fraud: model }, stack).models;
    const amount = spec?.thresholds
      .filter((t) => t.column === "amount")
      .map((t) => `${t.statistic}:${t.severity}:${t.value}`);
    expect(amount?.sort()).toEqual([
      "population_stability_index:critical:0.12",
      "population_stability_index:warning:0.1",
    ]);
  });

  it("leaves a model out of a stack that disables it", () => {
    const project = loadFixture(
      { fraud: baseModel(), spam: baseModel() },
      baseStack({ models: { spam: { enabled: false } } }),
    );
    expect(project.models.map((m) => m.name)).toEqual(["fraud"]);
  });

  it("applies environment defaults: dev cheap and paused, prod protected", () => {
    const [dev] = loadFixture().models;
    expect(dev).toMatchObject({ protectData: false, endpoint: { scaleToZero: true } });
    expect(dev?.monitor.schedule.paused).toBe(true);
    const [prod] = loadFixture(undefined, baseStack(), "prod").models;
    expect(prod).toMatchObject({
      environment: "prod",
      protectData: true,
      endpoint: { scaleToZero: false },
    });
    expect(prod?.monitor.schedule.paused).toBe(false);
  });
});
