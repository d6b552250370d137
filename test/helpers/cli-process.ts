import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "./fixture-project";

/**
 * Runs the built CLI (bin/model-monitoring.js) in its own process, as a workflow does, and
 * returns its standard output; a non-zero exit throws with its standard error. Tests planning
 * large synthetic projects use it so the plan's memory is not held by the test process.
 */
export function runCliProcess(args: string[]): string {
  const cli = path.join(REPO_ROOT, "bin", "model-monitoring.js");
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`model-monitoring ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  }
  return run.stdout;
}
