import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { runPlan } from "../../cli/plan/command";
import type { StackPlan } from "../../cli/plan/plan-stack";
import { baseModel, fixtureProject } from "../helpers/fixture-project";

/**
 * Issue 13, item 6: a project with many independent mistakes across the stack file, a template
 * and three model files; one run of the plan reports every one, each in the file that holds it,
 * with "did you mean" and a hint where one helps, and nothing twice.
 */
describe("one pass over a configuration with many mistakes", () => {
  it("reports them all, in the files that hold them", async () => {
    const root = fixtureProject(
      {
        fraud: baseModel({
          version: 3, // a number: quote it
          serving: { workloadSize: "Smal" }, // did you mean Small
          thresholds: [
            { column: "amount", statistic: "ks_test.pvalue", value: 1.5, severity: "critical" },
          ],
        }),
        spam: baseModel({
          registeredModel: "ml.models.spam",
          features: [{ name: "amount", type: "double" }],
          thresholdz: [], // did you mean thresholds
          thresholds: [
            { column: "amout", statistic: "wasserstein_distance", value: 0.2, severity: "warning" },
          ],
        }),
        churn: baseModel({
          template: "clasification", // did you mean classification
          registeredModel: "ml.models.churn",
        }),
      },
      {
        dev: {
          catalog: "ml_dev",
          inferenceSchema: "inference",
          monitoringSchema: "monitoring",
          warehouseId: "0123456789abcdef",
          alerting: { recipients: ["team@example.com"], notifyOnOK: true }, // notifyOnOk
          models: {
            fruad: { version: "4" }, // did you mean fraud
            spam: {
              thresholds: [
                // disables what nothing sets
                {
                  column: "amount",
                  statistic: "ks_test.pvalue",
                  value: 0.5,
                  severity: "warning",
                  disabled: true,
                },
              ],
            },
          },
        },
      },
    );
    // A template mistake, reported in the template; its models are still checked.
    const template = path.join(root, "config", "templates", "classification.yaml");
    const parsed = yaml.load(fs.readFileSync(template, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(template, yaml.dump({ ...parsed, dataQuality: { maxNullRate: 2 } }));

    const { exitCode, output } = await runPlan({ root, stack: "dev", json: true });
    const plan = JSON.parse(output) as StackPlan;
    expect(exitCode).toBe(1);
    const found = plan.problems.map((p) => `${p.file} | ${p.path} | ${p.message}`);
    const expected = [
      /^Pulumi\.dev\.yaml \| model-monitoring:alerting \| unknown key\(s\) "notifyOnOK" \(did you mean "notifyOnOk"\?\)/,
      /^Pulumi\.dev\.yaml \| model-monitoring:models\.fruad \| no model file models\/fruad\.yaml \(did you mean "fraud"\?\)/,
      /^Pulumi\.dev\.yaml \| model-monitoring:models\.spam\.thresholds\[0\] \| disables amount ks_test\.pvalue CONSECUTIVE warning, which no earlier layer sets/,
      /^config\/templates\/classification\.yaml \| dataQuality\.maxNullRate \| /,
      /^models\/churn\.yaml \| template \| .*got "clasification" \(did you mean "classification"\?\)/,
      /^models\/fraud\.yaml \| version \| expected string, got 3; YAML read it as a number: write it in quotes, e\.g\. "3"/,
      /^models\/fraud\.yaml \| serving\.workloadSize \| .*got "Smal" \(did you mean "Small"\?\)/,
      /^models\/fraud\.yaml \| thresholds\[0\]\.value \| ks_test\.pvalue is always \[0, 1\]/,
      /^models\/spam\.yaml \| {2}\| unknown key\(s\) "thresholdz" \(did you mean "thresholds"\?\)/,
      /^models\/spam\.yaml \| thresholds\[0\] \| unknown column "amout" \(did you mean "amount"\?\)/,
    ];
    for (const pattern of expected) expect(found).toContainEqual(expect.stringMatching(pattern));
    // Nothing else: no consequence of a removed value (fraud's version) reported again.
    expect(found).toHaveLength(expected.length);
  });
});
