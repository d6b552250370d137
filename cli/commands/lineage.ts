import * as fs from "node:fs";
import type { Command } from "commander";
import { projectRoot } from "../../config/project-root";
import type { Day2Io } from "../day2/io";
import { lineageTextLines } from "../plan/render-lineage";

/**
 * `lineage`: per model, where its monitoring lives (endpoint, served versions, payload,
 * processed and metric tables, dashboard, thresholds table, alerts, experiment): the stack
 * output `models`. From `pulumi stack output models --json` when given (`--stack-output`),
 * else from an offline evaluation of the program, with what only Databricks knows marked
 * "(known after apply)". Needs no workspace. Exit 0, or 2 when the input cannot be read.
 */

interface LineageOptions {
  stack: string;
  model?: string;
  json?: boolean;
  stackOutput?: string;
  root?: string;
}

type Lineages = Record<string, Record<string, unknown>>;

export function registerLineage(
  program: Command,
  io: Day2Io,
  setExitCode: (code: number) => void,
): void {
  program
    .command("lineage")
    .description(
      "Print each model's lineage (stack output models): from `pulumi stack output models --json`, or planned offline",
    )
    .requiredOption("-s, --stack <name>", "stack (Pulumi.<name>.yaml)")
    .option("-m, --model <names>", "only these models (comma-separated)")
    .option("--json", "print JSON")
    .option(
      "--stack-output <file>",
      "JSON written by `pulumi stack output models --json --stack <name>`: the deployed values",
    )
    .option("--root <dir>", "project folder (default: the one holding Pulumi.yaml)")
    .action(async (options: LineageOptions) => {
      const result = await lineage(options);
      if ("error" in result) {
        io.stderr.write(`error: ${result.error}\n`);
        setExitCode(2);
        return;
      }
      const wanted = options.model?.split(",").map((name) => name.trim());
      const unknown = (wanted ?? []).filter((name) => !(name in result.models));
      if (unknown.length > 0) {
        io.stderr.write(
          `error: Unknown model(s) ${unknown.join(", ")} in stack ${options.stack}; its models: ${Object.keys(result.models).join(", ")}\n`,
        );
        setExitCode(2);
        return;
      }
      const models = Object.fromEntries(
        Object.entries(result.models).filter(([name]) => !wanted || wanted.includes(name)),
      );
      io.stdout(
        options.json
          ? `${JSON.stringify({ command: "lineage", stack: options.stack, source: result.source, models }, null, 2)}\n`
          : `${[
              `Stack ${options.stack} (${result.source === "stack-output" ? "deployed: pulumi stack output" : "offline plan: ids known after apply"})`,
              ...Object.entries(models).flatMap(([name, value]) =>
                lineageTextLines({ name, lineage: value }),
              ),
            ].join("\n")}\n`,
      );
      setExitCode(0);
    });
}

async function lineage(
  options: LineageOptions,
): Promise<{ source: "plan" | "stack-output"; models: Lineages } | { error: string }> {
  if (options.stackOutput !== undefined) return fromStackOutput(options.stackOutput);
  // Loaded on use: the Pulumi runtime costs ~0.5 s.
  const { planStack } = require("../plan/plan-stack") as typeof import("../plan/plan-stack");
  const plan = await planStack(options.root ?? projectRoot(), options.stack);
  if (!plan.ok) {
    const problems = plan.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
    return {
      error: `stack ${options.stack} has configuration problems:\n  ${problems.join("\n  ")}`,
    };
  }
  return {
    source: "plan",
    models: Object.fromEntries(plan.models.map((model) => [model.name, model.lineage ?? {}])),
  };
}

/** `pulumi stack output models --json` prints the map itself; `pulumi stack output --json` wraps it. */
function fromStackOutput(
  file: string,
): { source: "stack-output"; models: Lineages } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    return { error: `--stack-output ${file}: ${(error as Error).message}` };
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
    return {
      error: `--stack-output ${file}: expected the stack output "models" (model name -> lineage object), as printed by pulumi stack output models --json`,
    };
  }
  return { source: "stack-output", models: models as Lineages };
}
