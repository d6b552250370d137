import * as fs from "node:fs";
import type { Day2Io } from "../cli/day2/io";
import { DEMO_MODELS, startDemoWorld } from "./world";

/**
 * `model-monitoring demo`, loaded at run time from the checkout by cli/commands/demo.ts (the
 * stand-ins are test code and never ship in dist/). Starts the stand-ins, runs the day-2
 * commands as a user would type them, prints their output under a banner saying it is a local
 * simulation, and stops everything (also when a step throws).
 */

const COMMANDS: readonly { args: string[]; why: string }[] = [
  { args: ["validate-inference-table"], why: "are requests logged and processed, typed, fresh?" },
  { args: ["refresh-monitors"], why: "refresh every monitor and wait for it" },
  { args: ["analyze-drift"], why: "drift statistics against thresholds, worst first" },
  { args: ["check-thresholds"], why: "what the alerts evaluate; exit 1 on a breach" },
  { args: ["preflight"], why: "before the next pulumi up: is the workspace ready? (read-only)" },
];

const RULE = "=".repeat(78);

export async function runDemo(io: Day2Io): Promise<number> {
  const out = io.stdout;
  out(
    `${RULE}\nLOCAL SIMULATION: no Databricks workspace is contacted.\n` +
      "A fake workspace (HTTPS) and a SQL warehouse (Thrift, DuckDB underneath) run on this\n" +
      "machine, seeded with four models of the dev stack:\n" +
      Object.entries(DEMO_MODELS)
        .map(([name, state]) => `  ${name.padEnd(9)} ${state}\n`)
        .join("") +
      `The commands below are the ones you run against your workspace; the output is theirs.\n${RULE}\n`,
  );
  const started = Date.now();
  const world = await startDemoWorld();
  try {
    for (const { args, why } of COMMANDS) {
      const line = ["npx model-monitoring", ...args, "--stack", "dev"].join(" ");
      out(`\n$ ${line}\n# ${why}\n`);
      const run = await world.run([...args, "--stack", "dev"]);
      out(run.stdout);
      if (run.stderr !== "") out(run.stderr);
      out(`(exit code ${run.exitCode})\n`);
    }
  } finally {
    await world.close();
    fs.rmSync(world.root, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  out(
    `\n${RULE}\nEnd of the local simulation (${seconds} s); every stand-in is stopped.\n` +
      "On a real workspace: set databricks:host and the warehouse in Pulumi.<stack>.yaml, export\n" +
      "DATABRICKS_TOKEN, and run the same commands (README: Day-2 commands).\n" +
      `${RULE}\n`,
  );
  return 0;
}
