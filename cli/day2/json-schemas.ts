import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { projectRoot } from "../../config/project-root";
import { OUTPUT_SCHEMAS } from "./json-output";

/**
 * JSON Schemas of the day-2 commands' `--json` output, generated from the zod definitions and
 * committed under cli/schemas/ (formatted with the project's prettier settings, so the format
 * check passes; the sync test compares content). Regenerate:
 *   npm run build && node dist/cli/day2/json-schemas.js
 */
export function generateOutputSchemas(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(OUTPUT_SCHEMAS).map(([file, schema]) => [
      file,
      {
        title: file.replace(".schema.json", ""),
        ...z.toJSONSchema(schema, { target: "draft-2020-12" }),
      },
    ]),
  );
}

export function outputSchemaText(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

async function writeOutputSchemas(): Promise<void> {
  // prettier is a dev dependency, and this runs only in a development checkout.
  const prettier = require("prettier") as typeof import("prettier");
  const dir = path.join(projectRoot(), "cli", "schemas");
  for (const [file, schema] of Object.entries(generateOutputSchemas())) {
    const target = path.join(dir, file);
    const options = (await prettier.resolveConfig(target)) ?? {};
    fs.writeFileSync(
      target,
      await prettier.format(outputSchemaText(schema), { ...options, filepath: target }),
    );
  }
  console.log(`wrote ${Object.keys(OUTPUT_SCHEMAS).join(", ")} to ${dir}`);
}

if (require.main === module) {
  writeOutputSchemas().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
