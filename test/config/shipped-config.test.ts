import * as fs from "node:fs";
import * as path from "node:path";
import { generateSchemas, schemaText } from "../../config/json-schema";
import { loadProject } from "../../config/load-project";
import { projectConfigFrom } from "../../config/pulumi-config";
import { readStackConfig } from "../../cli/plan/stack-file";
import { REPO_ROOT } from "../helpers/fixture-project";

describe("the shipped configuration", () => {
  it.each(["dev", "acc", "prod"])(
    "loads stack %s with three models of different problem types",
    (stack) => {
      const { config, problems } = readStackConfig(REPO_ROOT, stack);
      expect(problems).toEqual([]);
      const project = loadProject({
        root: REPO_ROOT,
        stack,
        stackConfig: projectConfigFrom(config),
      });
      expect(project.models.map((m) => [m.name, m.template]).sort()).toEqual([
        ["churn-classifier", "classification"],
        ["demand-forecaster", "forecasting"],
        ["house-price-regressor", "regression"],
      ]);
      const forecaster = project.models.find((m) => m.template === "forecasting");
      expect(forecaster?.monitorProblemType).toBe("regression");
    },
  );

  it("keeps the committed JSON Schemas in sync with the zod schemas", () => {
    for (const [file, schema] of Object.entries(generateSchemas())) {
      const committed = fs.readFileSync(path.join(REPO_ROOT, "config", "schemas", file), "utf8");
      expect({ file, text: committed }).toEqual({ file, text: schemaText(schema) });
    }
  });
});

describe("projectConfigFrom", () => {
  it("parses JSON values, keeps ids as strings and drops other namespaces", () => {
    const config = projectConfigFrom({
      "model-monitoring:warehouseId": "1234567890123456",
      "model-monitoring:protectData": "true",
      "model-monitoring:serving": '{"workloadSize":"Small"}',
      "model-monitoring:failureEmails": '["a@example.com"]',
      "databricks:host": "https://example",
    });
    expect(config).toEqual({
      warehouseId: "1234567890123456",
      protectData: true,
      serving: { workloadSize: "Small" },
      failureEmails: ["a@example.com"],
    });
  });
});
