import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

/** The repository root, where Pulumi.yaml and the shipped config live. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A valid model file to start tests from; tests change one thing at a time. */
export function baseModel(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    template: "classification",
    registeredModel: "ml.models.fraud",
    version: "3",
    features: [
      { name: "amount", type: "double" },
      { name: "merchant_category", type: "string" },
    ],
    prediction: { name: "is_fraud", type: "int", categorical: true },
    ...overrides,
  };
}

/** Valid stack settings (the model-monitoring:* keys without the namespace). */
export function baseStack(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    catalog: "ml_dev",
    inferenceSchema: "inference",
    monitoringSchema: "monitoring",
    warehouseId: "0123456789abcdef",
    alerting: { recipients: ["team@example.com"] },
    ...overrides,
  };
}

/**
 * A throw-away project folder with the shipped Pulumi.yaml and templates and the given
 * model files (objects are written as YAML; strings are written verbatim).
 */
export function fixtureProject(
  models: Record<string, Record<string, unknown> | string>,
  stacks: Record<string, Record<string, unknown>> = {},
): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "mm-project-"));
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
  fs.cpSync(path.join(REPO_ROOT, "config", "templates"), path.join(root, "config", "templates"), {
    recursive: true,
  });
  fs.mkdirSync(path.join(root, "models"));
  for (const [name, content] of Object.entries(models)) {
    fs.writeFileSync(
      path.join(root, "models", `${name}.yaml`),
      typeof content === "string" ? content : yaml.dump(content),
    );
  }
  for (const [stack, settings] of Object.entries(stacks)) {
    const config = Object.fromEntries(
      Object.entries(settings).map(([k, v]) => [k.includes(":") ? k : `model-monitoring:${k}`, v]),
    );
    fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), yaml.dump({ config }));
  }
  return root;
}
