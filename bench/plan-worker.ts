import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { planStack } from "../cli/plan/plan-stack";
import { fail, monitorStates, runMeasured, startTimer } from "./plan-child";
import { Recorder } from "./plan-recording";

/**
 * The plan's side of bench:plan, one fresh process per run:
 *   plan   <root>        times the offline plan of the dev stack (everything `plan` does)
 *   record <root> <dir>  runs it once more, untimed, recording every registration for the
 *                        floor (<dir>/recording.json) and what the engine received, for
 *                        checking the floor against it (<dir>/registered.json)
 */

export interface Registered {
  resources: unknown[];
  states: Record<string, unknown>;
}

async function plan(root: string) {
  const elapsed = startTimer();
  const result = await planStack(root, "dev");
  const ms = elapsed();
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return { ms, resources: result.resources.length, keep: result };
}

async function record(root: string, dir: string) {
  const recorder = new Recorder();
  recorder.start();
  const elapsed = startTimer();
  const result = await planStack(root, "dev");
  const ms = elapsed();
  recorder.stop();
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const project = (
    yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string }
  ).name;
  const recording = await recorder.finish(project, "dev");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "recording.json"), JSON.stringify(recording));
  const registered: Registered = { resources: result.resources, states: monitorStates() };
  fs.writeFileSync(path.join(dir, "registered.json"), JSON.stringify(registered));
  return { ms, resources: result.resources.length };
}

async function main() {
  const [mode, root, dir] = process.argv.slice(2);
  if (mode === "plan" && root) return runMeasured(() => plan(root));
  if (mode === "record" && root && dir) return runMeasured(() => record(root, dir));
  throw new Error("usage: plan-worker plan <root> | record <root> <dir>");
}

main().catch(fail);
