import * as fs from "node:fs";
import * as path from "node:path";
import { loadProject } from "../../config/load-project";
import { type ConfigProblem, ConfigError } from "../../config/problems";
import { MAX_YAML_BYTES } from "../../config/read-yaml";
import { baseModel, baseStack, fixtureProject } from "../helpers/fixture-project";
import { onlyProblem, problemsOf } from "../helpers/load";

/** Issue 13, item 7: input the plan used to accept with exit 0. */

function problemsIn(root: string, stack = "dev", stackConfig = baseStack()): ConfigProblem[] {
  try {
    loadProject({ root, stack, stackConfig });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const threshold = (t: Record<string, unknown>) => baseModel({ thresholds: [t] });

describe("values a statistic can never take", () => {
  it.each([
    ["a negative distance", { column: "merchant_category", statistic: "js_distance", value: -0.2 }],
    ["a p-value above 1", { column: "amount", statistic: "ks_test.pvalue", value: 1.5 }],
    ["a negative PSI", { column: "amount", statistic: "population_stability_index", value: -1 }],
    ["a TV distance above 1", { column: "merchant_category", statistic: "tv_distance", value: 2 }],
    [
      "a null-share delta beyond 100",
      { column: "amount", statistic: "percent_null_delta", value: 150 },
    ],
  ])("refuses %s", (_, t) => {
    const p = onlyProblem(problemsOf({ fraud: threshold({ ...t, severity: "warning" }) }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "thresholds[0].value" });
    expect(p.message).toMatch(/is always .*not one it can reach/);
  });

  it("refuses a bound that makes the comparison never true, in a template's defaults too", () => {
    const p = onlyProblem(
      problemsOf({
        fraud: baseModel({
          thresholdDefaults: {
            numeric: [{ statistic: "ks_test.pvalue", value: 0, severity: "critical" }],
          },
        }),
      }),
    );
    expect(p).toMatchObject({
      file: "models/fraud.yaml",
      path: "thresholdDefaults.numeric[0].value",
    });
    expect(p.message).toMatch(/ks_test\.pvalue < 0 can never be true/);
  });

  it("keeps signed and unbounded statistics open", () => {
    const problems = problemsOf({
      fraud: baseModel({
        thresholds: [
          {
            column: "amount",
            statistic: "avg_delta",
            value: -1000,
            comparator: "<",
            severity: "warning",
          },
          { column: "amount", statistic: "count_delta", value: -5000, severity: "critical" },
        ],
      }),
    });
    expect(problems).toEqual([]);
  });
});

describe("a setting that refers to nothing", () => {
  it("refuses disabling a threshold that no earlier layer sets, with what is in force", () => {
    const stack = baseStack({
      models: {
        fraud: {
          thresholds: [
            {
              column: "amount",
              statistic: "wasserstein_distance",
              value: 0.3,
              severity: "critical",
              disabled: true,
            },
          ],
        },
      },
    });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack));
    expect(p).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:models.fraud.thresholds[0]",
    });
    expect(p.message).toMatch(
      /disables amount wasserstein_distance CONSECUTIVE critical, which no earlier layer sets; in force on amount: /,
    );
  });

  it("suggests the column a disable meant", () => {
    const p = onlyProblem(
      problemsOf({
        fraud: threshold({
          column: "amout",
          statistic: "ks_test.pvalue",
          value: 0.01,
          severity: "critical",
          disabled: true,
        }),
      }),
    );
    expect(p.message).toMatch(/column "amout" \(did you mean "amount"\?\)/);
  });
});

describe("files", () => {
  it("refuses two files for one model (.yml and .yaml)", () => {
    const root = fixtureProject({ fraud: baseModel() });
    fs.copyFileSync(
      path.join(root, "models", "fraud.yaml"),
      path.join(root, "models", "fraud.yml"),
    );
    const p = onlyProblem(problemsIn(root));
    expect(p).toMatchObject({ file: "models/fraud.yml" });
    expect(p.message).toMatch(/models\/fraud\.yaml describes the same model "fraud"; keep one/);
  });

  it("refuses a YAML alias bomb, naming the file, fast", () => {
    const levels = ["a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(",")}]`);
    }
    const root = fixtureProject({ fraud: baseModel(), bomb: `${levels.join("\n")}\n` });
    const started = Date.now();
    const p = onlyProblem(problemsIn(root));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(p).toMatchObject({ file: "models/bomb.yaml", path: "" });
    expect(p.message).toMatch(/aliases \(\*name\) expand to more than 100,000 values/);
  });

  it("refuses a very large file before reading it, naming the file", () => {
    const root = fixtureProject({ fraud: baseModel() });
    fs.appendFileSync(path.join(root, "models", "fraud.yaml"), `# ${"x".repeat(MAX_YAML_BYTES)}\n`);
    const p = onlyProblem(problemsIn(root));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "" });
    expect(p.message).toMatch(/^refused: [\d,]+ bytes, more than the 1,048,576/);
  });
});

describe("a stack's environment", () => {
  it.each([
    ["prod", "dev"],
    ["prod-eu", "acc"],
    ["dev", "prod"],
  ])("refuses stack %s claiming environment %s", (stack, environment) => {
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, baseStack({ environment }), stack));
    expect(p).toMatchObject({ file: `Pulumi.${stack}.yaml`, path: "model-monitoring:environment" });
    expect(p.message).toMatch(/by its name, so environment must be/);
  });

  it("keeps prod rules for a prod-named stack without an environment key", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel({ serving: { scaleToZero: true } }) }, baseStack(), "prod-eu"),
    );
    expect(p.message).toMatch(/prod endpoints may not scale to zero/);
  });
});

describe("oversized text", () => {
  it.each([
    ["description", baseModel({ description: "d".repeat(70_000) }), "description"],
    [
      "a column comment",
      baseModel({ features: [{ name: "amount", type: "double", comment: "c".repeat(70_000) }] }),
      "features[0].comment",
    ],
  ])("caps %s at the API's limit and does not echo it", (_, model, key) => {
    const p = onlyProblem(problemsOf({ fraud: model }));
    expect(p.path).toBe(key);
    expect(p.message).toBe("is too long: at most 65536 characters (got 70000)");
  });
});
