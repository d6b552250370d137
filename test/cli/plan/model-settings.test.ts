import { runPlan } from "../../../cli/plan/command";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { main } from "../../../cli/main";
import { REPO_ROOT, baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

/** Issue 13 item 4: a plan a person reads, per model. */

const fraud = baseModel({
  serving: { minProvisionedConcurrency: 4, maxProvisionedConcurrency: 8 },
  dataQuality: { maxNullRate: 0.05 },
  thresholds: [
    { column: "amount", statistic: "wasserstein_distance", value: 0.3, severity: "warning" },
    { column: "amount", statistic: "ks_test.pvalue", value: 0.05, severity: "warning" },
  ],
});

const prod = baseStack({
  environment: "prod",
  catalog: "ml_prod",
  serving: { workloadSize: "Medium", scaleToZero: false },
  governance: { registeredModel: { catalog: "ml_prod" } },
  models: {
    fraud: {
      dataQuality: { maxNullRate: 0.01 },
      thresholds: [
        { column: "amount", statistic: "wasserstein_distance", value: 0.5, severity: "warning" },
        {
          column: "amount",
          statistic: "ks_test.pvalue",
          value: 0.05,
          severity: "warning",
          disabled: true,
        },
      ],
    },
  },
});

const root = fixtureProject(
  { fraud, spam: baseModel({ registeredModel: "ml.models.spam", endpointName: "spam-scoring" }) },
  { prod },
);

async function jsonPlan(): Promise<StackPlan> {
  return JSON.parse((await runPlan({ root, stack: "prod", json: true })).output) as StackPlan;
}

const settingsOf = async (model: string) => {
  const plan = await jsonPlan();
  const settings = plan.models.find((m) => m.name === model)?.settings;
  if (!settings) throw new Error(`no settings for ${model}`);
  return settings;
};

describe("effective settings", () => {
  it("give each value with the layer it came from", async () => {
    const { settings } = await settingsOf("fraud");
    const origin = Object.fromEntries(settings.map((s) => [s.key, [s.value, s.origin]]));
    expect(origin).toMatchObject({
      registeredModel: ["ml_prod.models.fraud", "model file"],
      served: ["champion=v3 100%", "model file"],
      endpointName: ["fraud-prod", "default"],
      "serving.workloadSize": ["Medium", "stack"],
      "dataQuality.maxNullRate": ["0.01", "stack override"],
      "dataQuality.minRowCountRatio": [
        expect.any(String),
        expect.stringMatching(/template|default/),
      ],
      features: ["amount double, merchant_category string", "model file"],
      "governance.registeredModel.catalog": ["ml_prod", "stack"],
      "governance.registeredModel.authoritativeGrants": ["false", "default"],
    });
  });

  it("note each value of the model file a later layer overrides or drops", async () => {
    const { notes } = await settingsOf("fraud");
    expect(notes).toEqual(
      expect.arrayContaining([
        "dataQuality.maxNullRate: the model file sets 0.05, overridden by the stack override (Pulumi.prod.yaml: model-monitoring:models.fraud.dataQuality.maxNullRate) with 0.01",
        "serving.minProvisionedConcurrency: the model file sets 4, dropped because the stack (Pulumi.prod.yaml: model-monitoring:serving) sets serving.workloadSize",
        "threshold amount wasserstein_distance CONSECUTIVE warning: the model file sets 0.3, overridden by the stack override (Pulumi.prod.yaml) with 0.5",
        "threshold amount ks_test.pvalue CONSECUTIVE warning: set in the model file, disabled by the stack override (Pulumi.prod.yaml)",
      ]),
    );
  });

  it("note a registered model or endpoint renamed per stack, and no rename that did not happen", async () => {
    const fraudNotes = (await settingsOf("fraud")).notes;
    expect(fraudNotes).toContain(
      "renamed in this stack: registered model ml.models.fraud (model file) is ml_prod.models.fraud (catalog from the stack (Pulumi.prod.yaml: model-monitoring:governance.registeredModel.catalog))",
    );
    expect(fraudNotes).toContain(
      "renamed per stack: endpoint fraud-prod is the default <model>-<environment>; each stack serves its own endpoint",
    );
    // spam names its endpoint itself: the same name in every stack.
    expect((await settingsOf("spam")).notes.filter((n) => n.includes("endpoint"))).toEqual([]);
  });

  it("list the effective thresholds with comparator, value, severity and origin", async () => {
    const { thresholds } = await settingsOf("fraud");
    expect(thresholds).toContainEqual({
      column: "amount",
      statistic: "wasserstein_distance",
      driftType: "CONSECUTIVE",
      comparator: ">",
      value: 0.5,
      severity: "warning",
      origin: "stack override",
    });
    expect(
      thresholds.find((t) => t.statistic === "ks_test.pvalue" && t.severity === "warning"),
    ).toBe(undefined);
    expect(thresholds.some((t) => /^template \(thresholdDefaults\.\w+\)$/.test(t.origin))).toBe(
      true,
    );
  });

  it("print as text: settings with [layer], notes and a thresholds table", async () => {
    const { output } = await runPlan({ root, stack: "prod", model: ["fraud"] });
    expect(output).toMatch(/Model fraud \(template classification\): effective settings \[from\]/);
    expect(output).toMatch(/ {2}serving\.workloadSize +Medium {2}\[stack\]/);
    expect(output).toMatch(/ {2}note: dataQuality\.maxNullRate: the model file sets 0\.05/);
    expect(output).toMatch(
      / {2}column +statistic +drift +comparator +value +severity +origin\n {2}-+/,
    );
    expect(output).toMatch(
      / {2}amount +wasserstein_distance +CONSECUTIVE +> +0\.5 +warning +stack override/,
    );
  });
});

describe("plan --model and --sql", () => {
  it("shows only the named models, their resources and counts, on about one screen", async () => {
    const { output } = await runPlan({ root, stack: "prod", model: ["spam"] });
    expect(output).toMatch(/^Stack prod: 1 model\(s\), \d+ resource\(s\)/);
    expect(output).toMatch(/MonitoredModel {2}spam/);
    expect(output).not.toMatch(/MonitoredModel {2}fraud|Model fraud/);
    const thresholds = output.split("\n").filter((l) => /^ {2}\S+ +\S+ +CONSECUTIVE /.test(l));
    expect(output.split("\n").length - thresholds.length).toBeLessThanOrEqual(90);
  });

  it("takes --model repeated and comma-separated, in JSON too", async () => {
    const plan = JSON.parse(
      (await runPlan({ root, stack: "prod", json: true, model: ["spam,fraud"] })).output,
    ) as StackPlan;
    expect(plan.models.map((m) => m.name).sort()).toEqual(["fraud", "spam"]);
    const one = JSON.parse(
      (await runPlan({ root, stack: "prod", json: true, model: ["spam"] })).output,
    ) as StackPlan;
    expect(one.models.map((m) => m.name)).toEqual(["spam"]);
    expect(one.resources.every((r) => r.urn.includes("spam") || r.name.startsWith("spam"))).toBe(
      true,
    );
    expect(one.summary.resources).toBe(one.resources.length);
  });

  it("refuses an unknown model with did-you-mean, exit 2 on stderr", async () => {
    let complained = "";
    let written = "";
    const exitCode = await main(
      ["node", "model-monitoring", "plan", "--root", REPO_ROOT, "--model", "churn-clasifier"],
      {
        stdout: (text: string) => (written += text),
        stderr: { write: (text: string) => ((complained += text), true) },
      } as unknown as Parameters<typeof main>[1],
    );
    expect(exitCode).toBe(2);
    expect(written).toBe("");
    expect(complained).toMatch(
      /unknown model "churn-clasifier"; did you mean "churn-classifier"\? known models: churn-classifier, demand-forecaster, house-price-regressor/,
    );
  });

  it("prints generated SQL in the text plan only with --sql; --no-sql is still accepted", async () => {
    expect((await runPlan({ root, stack: "prod" })).output).not.toMatch(/MERGE INTO/);
    expect((await runPlan({ root, stack: "prod", sql: true })).output).toMatch(/MERGE INTO/);
    expect((await runPlan({ root, stack: "prod", sql: false })).output).not.toMatch(/MERGE INTO/);
    // Markdown keeps its SQL unless --no-sql, as before.
    expect((await runPlan({ root, stack: "prod", markdown: true })).output).toMatch(/MERGE INTO/);
  });
});
