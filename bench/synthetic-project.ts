import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { projectRoot } from "../config/project-root";

/**
 * A throw-away project with N synthetic models (cycling through the three templates) and
 * the shipped dev stack, for benchmarks that scale with the model count.
 */
export function syntheticProject(count: number): string {
  const source = projectRoot();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `mm-bench-${count}-`));
  fs.copyFileSync(path.join(source, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
  fs.copyFileSync(path.join(source, "Pulumi.dev.yaml"), path.join(root, "Pulumi.dev.yaml"));
  // The shipped dev stack overrides shipped models by name; synthetic ones have other names.
  const stack = yaml.load(fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  delete stack.config["model-monitoring:models"];
  fs.writeFileSync(path.join(root, "Pulumi.dev.yaml"), yaml.dump(stack));
  fs.cpSync(path.join(source, "config", "templates"), path.join(root, "config", "templates"), {
    recursive: true,
  });
  fs.mkdirSync(path.join(root, "models"));
  const templates = ["classification", "regression", "forecasting"];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length] ?? "regression";
    const model = {
      template,
      registeredModel: `ml.models.synthetic_${i}`,
      version: String(1 + (i % 9)),
      features: [
        { name: "f_amount", type: "double" },
        { name: "f_count", type: "int" },
        { name: "f_ratio", type: "float" },
        { name: "f_segment", type: "string" },
        { name: "f_flag", type: "boolean" },
      ],
      prediction:
        template === "classification"
          ? { name: "predicted", type: "int", categorical: true }
          : { name: "predicted", type: "double" },
      serving: { queryGroups: ["consumers"] },
    };
    fs.writeFileSync(path.join(root, "models", `synthetic-${i}.yaml`), yaml.dump(model));
  }
  return root;
}
