import * as fs from "node:fs";
import * as path from "node:path";
import { loadProject } from "../../config/load-project";
import type { ConfigError, ConfigProblem } from "../../config/problems";
import { fixtureProject } from "../helpers/fixture-project";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture, onlyProblem, problemsOf } from "../helpers/load";

/** One test per validation rule: each bad input gets a problem naming file, key path and what is allowed. */

describe("Unity Catalog names", () => {
  it("rejects a catalog that is not an identifier", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, baseStack({ catalog: "ml-dev" })));
    expect(p.file).toBe("Pulumi.dev.yaml");
    expect(p.path).toBe("model-monitoring:catalog");
    expect(p.message).toMatch(/Unity Catalog identifier/);
    expect(p.message).toMatch(/got "ml-dev"/);
  });

  it("rejects a registered model that is not a three-level name", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ registeredModel: "models.fraud" }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "registeredModel" });
    expect(p.message).toMatch(/three-level name catalog\.schema\.name/);
  });

  it("rejects a baseline table with a hostile part", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ monitor: { baselineTable: "ml.x.t`; DROP TABLE y" } }) }),
    );
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "monitor.baselineTable" });
  });

  it("rejects feature names that are not identifiers", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ features: [{ name: "amount usd", type: "double" }] }) }),
    );
    expect(p.path).toBe("features[0].name");
  });
});

describe("serving endpoint names", () => {
  it("rejects characters Databricks does not allow", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ endpointName: "fraud model!" }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "endpointName" });
    expect(p.message).toMatch(/letters, digits, - or _/);
  });

  it("rejects two models with the same endpoint name", () => {
    const problems = problemsOf({
      fraud: baseModel({ endpointName: "shared" }),
      spam: baseModel({ endpointName: "Shared", registeredModel: "ml.models.spam" }),
    });
    const p = onlyProblem(problems);
    expect(p.message).toMatch(/endpoint name "Shared" is also used by model "fraud"/);
  });

  it("names the model whose template file is missing instead of dropping the model", () => {
    const root = fixtureProject({
      fraud: baseModel(),
      spam: baseModel({
        template: "regression",
        registeredModel: "ml.models.spam",
        prediction: { name: "score", type: "double" },
      }),
    });
    fs.rmSync(path.join(root, "config", "templates", "regression.yaml"));
    let problems: ConfigProblem[] = [];
    try {
      loadProject({ root, stack: "dev", stackConfig: baseStack() });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      {
        file: "models/spam.yaml",
        path: "template",
        message: 'template "regression" has no file config/templates/regression.yaml',
      },
    ]);
  });

  it("rejects an endpoint query group that is not a principal", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ serving: { queryGroups: ["data-science", "x; DROP"] } }) }),
    );
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "serving.queryGroups[1]" });
  });

  it("lets only one model of a stack govern a registered model", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel(), spam: baseModel() }));
    expect(p).toMatchObject({ file: "models/spam.yaml", path: "registeredModel" });
    expect(p.message).toMatch(
      /registered model "ml\.models\.fraud" is also governed by model "fraud" .*manage: false/,
    );
    const shared = loadFixture({
      fraud: baseModel(),
      spam: baseModel({ governance: { registeredModel: { manage: false } } }),
    });
    expect(shared.models.map((m) => m.governance.registeredModel.manage)).toEqual([true, false]);
  });

  it("derives distinct default endpoint names per model and environment", () => {
    const project = loadFixture({
      fraud: baseModel(),
      spam: baseModel({ registeredModel: "ml.models.spam" }),
    });
    expect(project.models.map((m) => m.endpoint.name)).toEqual(["fraud-dev", "spam-dev"]);
  });
});

describe("serving settings", () => {
  it("rejects an unknown workload size and lists the allowed ones", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ serving: { workloadSize: "Huge" } }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "serving.workloadSize" });
    expect(p.message).toBe('expected one of "Small" | "Medium" | "Large", got "Huge"');
  });

  it("rejects an unknown workload type", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel() }, baseStack({ serving: { workloadType: "TPU" } })),
    );
    expect(p).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:serving.workloadType",
    });
    expect(p.message).toMatch(/"CPU" \| "CPU_MEDIUM"/);
  });

  it("rejects workload size and provisioned concurrency given together", () => {
    const serving = {
      workloadSize: "Small",
      minProvisionedConcurrency: 4,
      maxProvisionedConcurrency: 8,
    };
    const p = onlyProblem(problemsOf({ fraud: baseModel({ serving }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "serving.workloadSize" });
    expect(p.message).toMatch(/not both/);
  });

  it("lets a later layer's concurrency replace an earlier layer's workload size", () => {
    const model = baseModel({
      serving: { minProvisionedConcurrency: 4, maxProvisionedConcurrency: 8 },
    });
    const [spec] = loadFixture(
      { fraud: model },
      baseStack({ serving: { workloadSize: "Medium" } }),
    ).models;
    // Stack-wide settings come after the model file, so the stack's size wins.
    expect(spec?.endpoint.workloadSize).toBe("Medium");
    expect(spec?.endpoint.minProvisionedConcurrency).toBeUndefined();
    const override = baseStack({
      serving: { workloadSize: "Medium" },
      models: {
        fraud: { serving: { minProvisionedConcurrency: 8, maxProvisionedConcurrency: 16 } },
      },
    });
    const [overridden] = loadFixture({ fraud: baseModel() }, override).models;
    expect(overridden?.endpoint).toMatchObject({
      minProvisionedConcurrency: 8,
      maxProvisionedConcurrency: 16,
    });
    expect(overridden?.endpoint.workloadSize).toBeUndefined();
  });

  it("rejects min concurrency above max", () => {
    const serving = { minProvisionedConcurrency: 16, maxProvisionedConcurrency: 8 };
    const p = onlyProblem(problemsOf({ fraud: baseModel({ serving }) }));
    expect(p.message).toMatch(/must not exceed maxProvisionedConcurrency \(8\)/);
  });

  it("refuses scale to zero in prod", () => {
    const stack = baseStack({ environment: "prod", serving: { scaleToZero: true } });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack, "prod"));
    expect(p).toMatchObject({
      file: "Pulumi.prod.yaml",
      path: "model-monitoring:serving.scaleToZero",
    });
  });
});

describe("served versions and traffic", () => {
  const served = (a: number, b: number) => [
    { name: "champion", version: "3", trafficPercentage: a },
    { name: "challenger", version: "4", trafficPercentage: b },
  ];

  it("rejects traffic routes that do not add up to 100", () => {
    const { version: _v, ...model } = baseModel();
    const p = onlyProblem(problemsOf({ fraud: { ...model, served: served(90, 20) } }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "served" });
    expect(p.message).toBe("traffic percentages must add up to 100, got 110");
  });

  it("accepts a champion/challenger split", () => {
    const { version: _v, ...model } = baseModel();
    const [spec] = loadFixture({ fraud: { ...model, served: served(90, 10) } }).models;
    expect(
      spec?.endpoint.servedEntities.map((e) => [e.name, e.version, e.trafficPercentage]),
    ).toEqual([
      ["champion", "3", 90],
      ["challenger", "4", 10],
    ]);
  });

  it("rejects a version and an alias together", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ alias: "champion" }) }));
    expect(p).toMatchObject({ path: "alias", message: "give either version or alias, not both" });
  });

  it("lets a stack override move a model from a version to an alias", () => {
    const stack = baseStack({ models: { fraud: { alias: "champion" } } });
    const [spec] = loadFixture({ fraud: baseModel() }, stack).models;
    expect(spec?.endpoint.servedEntities).toEqual([
      { name: "champion", alias: "champion", trafficPercentage: 100 },
    ]);
  });

  it("rejects duplicate served entity names", () => {
    const { version: _v, ...model } = baseModel();
    const entities = [
      { name: "a", version: "1", trafficPercentage: 50 },
      { name: "a", version: "2", trafficPercentage: 50 },
    ];
    const p = onlyProblem(problemsOf({ fraud: { ...model, served: entities } }));
    expect(p).toMatchObject({ path: "served[1].name" });
  });
});

describe("monitor settings", () => {
  it("rejects granularities outside the allowed set", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ monitor: { granularities: ["2 days"] } }) }),
    );
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "monitor.granularities[0]" });
    expect(p.message).toMatch(/"1 day" \| "1 week"/);
  });

  it("rejects a monitor schedule that is not Quartz cron", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ monitor: { schedule: { cron: "0 6 * * *" } } }) }),
    );
    expect(p).toMatchObject({ path: "monitor.schedule.cron" });
    expect(p.message).toMatch(/expected 6 or 7 fields/);
  });

  it("rejects an alert schedule that is not Quartz cron", () => {
    const stack = baseStack({ schedules: { alerts: "0 0 6 * * MON" } });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack));
    expect(p).toMatchObject({ file: "Pulumi.dev.yaml", path: "model-monitoring:schedules.alerts" });
    expect(p.message).toMatch(/exactly one of day-of-month and day-of-week must be "\?"/);
  });

  it("allows at most 5 failure-notification emails", () => {
    const emails = ["a", "b", "c", "d", "e", "f"].map((n) => `${n}@example.com`);
    const p = onlyProblem(problemsOf({ fraud: baseModel({ monitor: { failureEmails: emails } }) }));
    expect(p).toMatchObject({
      path: "monitor.failureEmails",
      message: expect.stringMatching(/at most 5/),
    });
  });

  it("rejects an address that is not an email", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel() }, baseStack({ alerting: { recipients: ["oncall"] } })),
    );
    expect(p).toMatchObject({ path: "model-monitoring:alerting.recipients[0]" });
    expect(p.message).toMatch(/email address/);
  });

  it("rejects slicing expressions with statement separators or comments", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ monitor: { slicingExprs: ["amount > 1; DROP TABLE x"] } }) }),
    );
    expect(p.path).toBe("monitor.slicingExprs[0]");
  });

  it("requires at least one alert recipient", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, baseStack({ alerting: undefined })));
    expect(p.message).toMatch(/at least one alert recipient/);
  });
});

describe("thresholds", () => {
  it("rejects a numeric statistic on a categorical column", () => {
    const thresholds = [
      {
        column: "merchant_category",
        statistic: "ks_test.pvalue",
        value: 0.01,
        severity: "critical",
      },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "thresholds[0]" });
    expect(p.message).toMatch(/does not apply to categorical column "merchant_category"/);
    expect(p.message).toMatch(/allowed: .*js_distance/);
  });

  it("rejects a second limit for the same column, statistic, drift type and severity", () => {
    const thresholds = [
      { column: "amount", statistic: "avg_delta", value: 5, severity: "warning" },
      { column: "amount", statistic: "avg_delta", comparator: "<", value: -5, severity: "warning" },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "thresholds[1]" });
    expect(p.message).toMatch(
      /duplicate threshold for amount avg_delta CONSECUTIVE warning \(also thresholds\[0\]\)/,
    );
    // Each direction under its own severity is fine.
    const bothWays = [thresholds[0], { ...thresholds[1], severity: "critical" }];
    expect(problemsOf({ fraud: baseModel({ thresholds: bothWays }) })).toEqual([]);
  });

  it("rejects a categorical statistic on a numeric column", () => {
    const thresholds = [
      { column: "amount", statistic: "js_distance", value: 0.2, severity: "warning" },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p.message).toMatch(/does not apply to numeric column "amount"/);
  });

  it("rejects a threshold on an unknown column", () => {
    const thresholds = [{ column: "amnt", statistic: "avg_delta", value: 1, severity: "warning" }];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p.message).toMatch(
      /unknown column "amnt"; allowed: amount, merchant_category, is_fraud/,
    );
  });

  it("rejects an unknown statistic", () => {
    const thresholds = [
      { column: "amount", statistic: "kl_divergence", value: 1, severity: "warning" },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p.path).toBe("thresholds[0].statistic");
  });

  it("rejects BASELINE drift without a baseline table", () => {
    const thresholds = [
      {
        column: "amount",
        statistic: "avg_delta",
        driftType: "BASELINE",
        value: 1,
        severity: "warning",
      },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ thresholds }) }));
    expect(p.message).toBe("driftType BASELINE needs monitor.baselineTable");
  });

  it("names the stack file for a bad threshold in a stack override", () => {
    const stack = baseStack({
      models: {
        fraud: {
          thresholds: [
            { column: "amount", statistic: "tv_distance", value: 0.1, severity: "warning" },
          ],
        },
      },
    });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack));
    expect(p).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:models.fraud.thresholds[0]",
    });
  });
});

describe("columns", () => {
  it("rejects duplicate feature names, case-insensitively", () => {
    const features = [
      { name: "amount", type: "double" },
      { name: "Amount", type: "int" },
    ];
    const p = onlyProblem(problemsOf({ fraud: baseModel({ features }) }));
    expect(p).toMatchObject({ path: "features[1].name" });
    expect(p.message).toMatch(/duplicate column name "Amount" \(also at features\[0\]\.name\)/);
  });

  it("rejects a feature that reuses a column the processed table adds", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ features: [{ name: "request_time", type: "timestamp" }] }) }),
    );
    expect(p.message).toMatch(/reserved/);
  });

  it("rejects an unknown column type", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ prediction: { name: "p", type: "decimal" } }) }),
    );
    expect(p).toMatchObject({ path: "prediction.type" });
  });

  it("requires labels when a label column is declared", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ label: { name: "was_fraud", type: "int" } }) }),
    );
    expect(p).toMatchObject({ path: "labels" });
  });
});

describe("reporting", () => {
  it("reports unknown keys with the allowed ones", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ monitor: { granularity: ["1 day"] } }) }),
    );
    expect(p.path).toBe("monitor");
    expect(p.message).toMatch(
      /unknown key\(s\) "granularity" \(did you mean "granularities"\?\); allowed: granularities, slicingExprs/,
    );
  });

  it("reports every problem of every file in one run", () => {
    const problems = problemsOf(
      {
        fraud: baseModel({ registeredModel: "bad", serving: { workloadSize: "Huge" } }),
        spam: baseModel({ monitor: { granularities: ["weekly"] } }),
      },
      baseStack({ warehouseId: "not-a-warehouse" }),
    );
    expect(problems.map((p) => `${p.file} ${p.path}`).sort()).toEqual([
      "Pulumi.dev.yaml model-monitoring:warehouseId",
      "models/fraud.yaml registeredModel",
      "models/fraud.yaml serving.workloadSize",
      "models/spam.yaml monitor.granularities[0]",
    ]);
  });

  it("points at the line of a YAML syntax error", () => {
    const p = onlyProblem(
      problemsOf({ fraud: "template: classification\nfeatures: [\n  - broken" }),
    );
    expect(p.file).toBe("models/fraud.yaml");
    expect(p.path).toMatch(/^line \d+, column \d+$/);
    expect(p.message).toMatch(/not valid YAML/);
  });

  it("rejects overrides for models that have no file", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel() }, baseStack({ models: { frud: { enabled: false } } })),
    );
    expect(p).toMatchObject({ file: "Pulumi.dev.yaml", path: "model-monitoring:models.frud" });
    expect(p.message).toMatch(/known models: fraud/);
  });

  it("rejects a model name that differs from its file name", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ name: "spam" }) }));
    expect(p).toMatchObject({
      path: "name",
      message: 'must match the file name "fraud" (got "spam")',
    });
  });
});

describe("connection keys in the project namespace", () => {
  it("accepts a private CA for the workspace (read by the providers and day-2 commands)", () => {
    const stack = baseStack({ caCertPath: "certs/workspace-ca.pem" });
    expect(loadFixture({ fraud: baseModel() }, stack).models).toHaveLength(1);
  });

  it("rejects an inline CA that is not PEM", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, baseStack({ caCert: "not a cert" })));
    expect(p).toMatchObject({ file: "Pulumi.dev.yaml", path: "model-monitoring:caCert" });
    expect(p.message).toMatch(/PEM certificate/);
  });
});
