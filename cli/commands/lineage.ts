import * as fs from "node:fs";
import { projectRoot } from "../../config/project-root";
import { Day2Error, EXIT } from "../day2/exit-codes";
import type { Day2Io } from "../day2/io";
import { errorJson, errorText } from "../day2/output";
import { selectModels } from "../day2/stack-context";
import { lineageTextLines } from "../plan/render-lineage";

/**
 * `lineage`: per model, where its monitoring lives (endpoint, served versions, payload,
 * processed and metric tables, dashboard, thresholds table, alerts, experiment): the stack
 * output `models`. From `pulumi stack output models --json` when given (`--stack-output`),
 * else from an offline evaluation of the program, with what only Databricks knows marked
 * "(known after apply)". Needs no workspace. Exit 0, or 2 when the input cannot be read.
 */

export interface LineageOptions {
  stack: string;
  model?: string[];
  json?: boolean;
  stackOutput?: string;
  root?: string;
}

interface ModelLineage {
  name: string;
  lineage: Record<string, unknown>;
}

interface Lineages {
  source: "plan" | "stack-output";
  models: ModelLineage[];
}

/** Prints the lineages; returns the exit code. */
export async function runLineage(options: LineageOptions, io: Day2Io): Promise<number> {
  try {
    const found = await lineages(options);
    const models = selectModels(found.models, options.model ?? [], options.stack);
    io.stdout(`${render(options, found.source, models)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof Day2Error)) throw error;
    if (options.json) io.stdout(`${errorJson("lineage", options.stack, error)}\n`);
    else io.stderr.write(`${errorText(error)}\n`);
    return EXIT.unusable;
  }
}

function render(options: LineageOptions, source: Lineages["source"], models: ModelLineage[]) {
  if (options.json) {
    const byName = Object.fromEntries(models.map((m) => [m.name, m.lineage]));
    return JSON.stringify(
      { command: "lineage", stack: options.stack, source, models: byName },
      null,
      2,
    );
  }
  const origin =
    source === "stack-output"
      ? "deployed: pulumi stack output"
      : "offline plan: ids known after apply";
  return [`Stack ${options.stack} (${origin})`, ...models.flatMap(lineageTextLines)].join("\n");
}

async function lineages(options: LineageOptions): Promise<Lineages> {
  if (options.stackOutput !== undefined) return fromStackOutput(options.stackOutput);
  // Loaded on use: the Pulumi runtime costs ~0.5 s.
  const { planStack } = require("../plan/plan-stack") as typeof import("../plan/plan-stack");
  const plan = await planStack(options.root ?? projectRoot(), options.stack);
  if (!plan.ok) {
    throw new Day2Error(
      "config",
      `${plan.problems.length} configuration problem(s) in stack ${options.stack}`,
      plan.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`),
    );
  }
  return {
    source: "plan",
    models: plan.models.map((model) => ({ name: model.name, lineage: model.lineage ?? {} })),
  };
}

/** `pulumi stack output models --json` prints the map itself; `pulumi stack output --json` wraps it. */
function fromStackOutput(file: string): Lineages {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Day2Error("usage", `--stack-output ${file}: ${(error as Error).message}`);
  }
  const models =
    parsed !== null && typeof parsed === "object" && "models" in parsed
      ? (parsed as { models: unknown }).models
      : parsed;
  const isLineages =
    models !== null &&
    typeof models === "object" &&
    !Array.isArray(models) &&
    Object.values(models).every((value) => value !== null && typeof value === "object");
  if (!isLineages) {
    throw new Day2Error(
      "usage",
      `--stack-output ${file}: expected the stack output "models" (model name -> lineage object), as printed by pulumi stack output models --json`,
    );
  }
  return {
    source: "stack-output",
    models: Object.entries(models as Record<string, Record<string, unknown>>).map(
      ([name, lineage]) => ({ name, lineage }),
    ),
  };
}
