import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { projectRoot } from "./project-root";
import { modelFile } from "./schema/model";
import { stackSettings } from "./schema/stack";
import { templateFile } from "./schema/template";

/**
 * JSON Schemas generated from the zod schemas, committed under config/schemas/ so editors
 * complete and check the YAML files (yaml-language-server comments at the top of each
 * file). A test fails when they are out of date; `npm run schema` rewrites them.
 */

function toSchema(schema: z.ZodType, title: string, description: string): object {
  return {
    title,
    description,
    ...z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any" }),
  };
}

export function generateSchemas(): Record<string, object> {
  return {
    "model.schema.json": toSchema(modelFile, "Model", "One model: models/<name>.yaml"),
    "template.schema.json": toSchema(
      templateFile,
      "Template",
      "A template: config/templates/<kind>.yaml",
    ),
    "stack.schema.json": toSchema(
      stackSettings,
      "Stack settings",
      "The model-monitoring:* keys of Pulumi.<stack>.yaml, without the namespace",
    ),
  };
}

export function schemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function writeSchemas(dir: string): string[] {
  const written: string[] = [];
  for (const [file, schema] of Object.entries(generateSchemas())) {
    fs.writeFileSync(path.join(dir, file), schemaText(schema));
    written.push(file);
  }
  return written;
}

if (require.main === module) {
  const dir = path.join(projectRoot(), "config", "schemas");
  console.log(`wrote ${writeSchemas(dir).join(", ")} to ${dir}`);
}
