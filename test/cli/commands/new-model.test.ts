import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main } from "../../../cli/main";
import type { Day2Io } from "../../../cli/day2/io";
import { REPO_ROOT } from "../../helpers/fixture-project";

/**
 * new-model writes a model file that the plan accepts in every shipped stack, refuses bad
 * arguments (all at once, each naming its flag and what is allowed) and never overwrites a
 * model file, whichever of .yaml / .yml it is.
 */

/** A copy of the shipped project: Pulumi.yaml, the three stacks, templates and models. */
function shippedProject(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "mm-new-model-"));
  for (const file of fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi.*\.yaml$/.test(f))) {
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(root, file));
  }
  fs.cpSync(path.join(REPO_ROOT, "config", "templates"), path.join(root, "config", "templates"), {
    recursive: true,
  });
  fs.cpSync(path.join(REPO_ROOT, "models"), path.join(root, "models"), { recursive: true });
  return root;
}

async function cli(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Day2Io = {
    stdout: (text) => (stdout += text),
    stdoutIsTty: false,
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  const exitCode = await main(["node", "model-monitoring", ...args], io);
  return { exitCode, stdout, stderr };
}

let root: string;
beforeEach(() => (root = shippedProject()));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const modelFile = (name: string) => path.join(root, "models", `${name}.yaml`);

describe("new-model", () => {
  it("writes a model whose effective settings and thresholds plan --model shows on one screen", async () => {
    const written = await cli([
      "new-model",
      "basket-value",
      "--template",
      "regression",
      "--registered-model",
      "ml.models.basket_value",
      "--version",
      "2",
      "--features",
      "items:int,total:double,channel:string",
      "--root",
      root,
    ]);
    expect(written.exitCode).toBe(0);
    const plan = await cli(["plan", "--stack", "prod", "--model", "basket-value", "--root", root]);
    expect(plan.exitCode).toBe(0);
    const lines = plan.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Stack prod: 1 model\(s\), \d+ resource\(s\)/);
    expect(plan.stdout).toMatch(
      /^Model basket-value \(template regression\): effective settings \[from\]$/m,
    );
    expect(plan.stdout).toMatch(/^ {2}thresholds \([1-9]\d*\):$/m);
    // Settings, thresholds with their origin, resources and notes: one terminal screen.
    expect(lines.length).toBeLessThanOrEqual(100);
  });

  it("writes a threshold example that validates once uncommented, also when the first column is a date", async () => {
    const written = await cli([
      "new-model",
      "churn-dated",
      "--template",
      "classification",
      "--registered-model",
      "ml.models.churn_dated",
      "--version",
      "1",
      "--features",
      "signed_up:date,plan:string,tenure:int",
      "--root",
      root,
    ]);
    expect(written.exitCode).toBe(0);
    const text = fs.readFileSync(modelFile("churn-dated"), "utf8");
    const uncommented = text.replace(/^# (thresholds:| {2}- \{ column: .*)$/gm, "$1");
    expect(uncommented).toMatch(/^thresholds:\n {2}- \{ column: plan, statistic: js_distance/m);
    fs.writeFileSync(modelFile("churn-dated"), uncommented);
    const plan = await cli(["plan", "--all", "--json", "--no-sql", "--root", root]);
    expect(plan.exitCode).toBe(0);
  });

  it("writes files the plan accepts in every stack, for every template, from --features or a sample", async () => {
    fs.writeFileSync(
      path.join(root, "sample.csv"),
      "sqm,rooms,built_on,neighbourhood,price\n84.5,3,2001-05-04,north,350000.0\n",
    );
    fs.writeFileSync(
      path.join(root, "request.json"),
      JSON.stringify({
        dataframe_split: {
          columns: ["store_id", "promo", "week_start", "note"],
          data: [[12, true, "2026-11-30T00:00:00Z", null]],
        },
      }),
    );
    const written = [
      await cli([
        "new-model",
        "fraud-detector",
        "--template",
        "classification",
        "--registered-model",
        "ml.models.fraud_detector",
        "--version",
        "3",
        "--features",
        "amount:double,merchant_category:string,store:int:categorical,yes:boolean",
        "--root",
        root,
      ]),
      await cli([
        "new-model",
        "price",
        "--template",
        "regression",
        "--registered-model",
        "ml.models.price",
        "--alias",
        "champion",
        "--sample",
        path.join(root, "sample.csv"),
        "--prediction",
        "price:double",
        "--root",
        root,
      ]),
      await cli([
        "new-model",
        "store-demand",
        "--template",
        "forecasting",
        "--registered-model",
        "ml.models.store_demand",
        "--version",
        "1",
        "--sample",
        path.join(root, "request.json"),
        "--root",
        root,
      ]),
    ];
    expect(written.map((r) => [r.exitCode, r.stderr])).toEqual([
      [0, ""],
      [0, ""],
      [0, ""],
    ]);
    expect(written[0]?.stdout).toMatch(
      /^Wrote models\/fraud-detector\.yaml: classification, ml\.models\.fraud_detector version 3, 4 feature\(s\), prediction prediction; it passes validation in 3 stack\(s\)\./,
    );
    expect(written[1]?.stdout).toContain(
      "note: price is the prediction column, so it is not a feature",
    );
    expect(written[2]?.stdout).toContain(
      "note: the sample shows no value for note: written as string, check the types",
    );

    // The files say what was asked, with the types the samples show.
    const load = (name: string) => yaml.load(fs.readFileSync(modelFile(name), "utf8"));
    expect(load("fraud-detector")).toEqual({
      template: "classification",
      registeredModel: "ml.models.fraud_detector",
      version: "3",
      features: [
        { name: "amount", type: "double" },
        { name: "merchant_category", type: "string" },
        { name: "store", type: "int", categorical: true },
        { name: "yes", type: "boolean" },
      ],
      prediction: { name: "prediction", type: "int", categorical: true },
    });
    expect(load("price")).toMatchObject({
      alias: "champion",
      features: [
        { name: "sqm", type: "double" },
        { name: "rooms", type: "int" },
        { name: "built_on", type: "date" },
        { name: "neighbourhood", type: "string" },
      ],
      prediction: { name: "price", type: "double" },
    });
    expect(load("store-demand")).toMatchObject({
      features: [
        { name: "store_id", type: "int" },
        { name: "promo", type: "boolean" },
        { name: "week_start", type: "timestamp" },
        { name: "note", type: "string" },
      ],
      prediction: { name: "prediction", type: "double" },
    });
    // Commented, with the examples a team adds next.
    const text = fs.readFileSync(modelFile("fraud-detector"), "utf8");
    expect(text).toMatch(
      /^# yaml-language-server: \$schema=\.\.\/config\/schemas\/model\.schema\.json\n/,
    );
    expect(text).toContain(
      "#   - { column: amount, statistic: population_stability_index, value: 0.15, severity: critical }",
    );
    expect(text).toContain("# labels:");

    const plan = await cli(["plan", "--all", "--json", "--no-sql", "--root", root]);
    expect(plan.stderr).toBe("");
    expect(plan.exitCode).toBe(0);
    const stacks = JSON.parse(plan.stdout) as Array<{
      stack: string;
      ok: boolean;
      models: Array<{ name: string }>;
    }>;
    expect(stacks.map((s) => [s.stack, s.ok])).toEqual([
      ["acc", true],
      ["dev", true],
      ["prod", true],
    ]);
    for (const stack of stacks) {
      expect(stack.models.map((m) => m.name)).toEqual(
        expect.arrayContaining(["fraud-detector", "price", "store-demand"]),
      );
    }
  }, 120_000);

  it("names every bad argument at once, with its flag and what is allowed, and writes nothing", async () => {
    const run = await cli([
      "new-model",
      "Fraud_Detector",
      "--template",
      "clasification",
      "--registered-model",
      "ml.fraud",
      "--features",
      "amount:decimal,1st:int,merchant",
      "--prediction",
      "score",
      "--root",
      root,
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toEqual([
      'error: <name>: "Fraud_Detector" must be 1-48 lowercase letters, digits or -, starting with a letter (it names the file and the endpoint)',
      'error: --template "clasification" is not a template; one of classification, regression, forecasting',
      'error: --registered-model "ml.fraud" must be a three-level name catalog.schema.name, each part letters, digits or _',
      "error: give exactly one of --version <n> (a registered model version, e.g. 3) and --alias <name> (e.g. champion)",
      'error: --features: "amount:decimal": unknown type "decimal"; the types: string, boolean, int, bigint, float, double, date, timestamp',
      'error: --features: column name "1st" (3 chars) must be a letter or _ followed by letters, digits or _ (at most 255)',
      'error: --features: "merchant" has no type; write name:type, the types: string, boolean, int, bigint, float, double, date, timestamp',
      'error: --prediction: "score" has no type; write name:type, the types: string, boolean, int, bigint, float, double, date, timestamp',
      "",
    ]);
    expect(fs.readdirSync(path.join(root, "models")).sort()).toEqual([
      "churn-classifier.yaml",
      "demand-forecaster.yaml",
      "house-price-regressor.yaml",
    ]);
  });

  it.each([
    [["--version", "3.0"], '--version "3.0" must be a model version number such as 3'],
    [["--alias", "latest"], '--alias "latest" must not be "latest": MLflow reserves it'],
    [
      ["--version", "3", "--sample", "columns.txt"],
      "give exactly one of --features name:type,... and --sample <file> (.csv header or .json request)",
    ],
  ])("refuses %j", async (extra, message) => {
    const run = await cli([
      "new-model",
      "m",
      "--template",
      "regression",
      "--registered-model",
      "ml.models.m",
      "--features",
      "a:int",
      ...extra,
      "--root",
      root,
    ]);
    expect([run.exitCode, run.stderr]).toEqual([2, `error: ${message}\n`]);
  });

  it("names a sample it cannot use", async () => {
    const sample = path.join(root, "request.json");
    fs.writeFileSync(sample, JSON.stringify({ "bad column": 1, ok: 2 }));
    const run = await cli([
      "new-model",
      "m",
      "--template",
      "regression",
      "--registered-model",
      "ml.models.m",
      "--version",
      "1",
      "--sample",
      sample,
      "--root",
      root,
    ]);
    expect([run.exitCode, run.stderr]).toEqual([
      2,
      `error: --sample ${sample}: column "bad column" (10 chars) must be a letter or _ followed by letters, digits or _ (at most 255); rename it in the sample\n`,
    ]);
  });

  it.each([["yaml"], ["yml"]])("refuses to overwrite models/<name>.%s", async (ext) => {
    const existing = path.join(root, "models", `churn.${ext}`);
    fs.writeFileSync(existing, "# mine\n");
    const run = await cli([
      "new-model",
      "churn",
      "--template",
      "classification",
      "--registered-model",
      "ml.models.churn",
      "--version",
      "2",
      "--features",
      "a:int",
      "--root",
      root,
    ]);
    expect([run.exitCode, run.stderr]).toEqual([
      2,
      `error: models/churn.${ext} already exists: edit it, or choose another <name>\n`,
    ]);
    expect(fs.readFileSync(existing, "utf8")).toBe("# mine\n");
    expect(
      fs.existsSync(path.join(root, "models", `churn.${ext === "yml" ? "yaml" : "yml"}`)),
    ).toBe(false);
  });

  it("keeps no file that would break a stack: a registered model another model governs", async () => {
    const run = await cli([
      "new-model",
      "churn-v2",
      "--template",
      "classification",
      "--registered-model",
      "ml.models.churn_classifier",
      "--version",
      "4",
      "--features",
      "tenure_months:int",
      "--root",
      root,
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "error: models/churn-v2.yaml was not kept: it would add these problems\n",
    );
    expect(run.stderr).toContain(
      'error: stack prod: models/churn-v2.yaml: registeredModel: registered model "ml_prod.models.churn_classifier" is also governed by model "churn-classifier"',
    );
    expect(fs.existsSync(modelFile("churn-v2"))).toBe(false);
  });
});
