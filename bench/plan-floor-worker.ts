import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateInMockRuntime } from "../cli/plan/mock-runtime";
import { readStackConfig } from "../cli/plan/stack-file";
import { fail, monitorStates, runMeasured, startTimer } from "./plan-child";
import { readRecording } from "./plan-recording";
import { replay } from "./plan-replay";
import type { Registered } from "./plan-worker";

/**
 * The floor's side of bench:plan, one fresh process per run, in the same mock runtime with
 * the same settings as the plan (stack config, preview, no stack traces):
 *   floor <root> <dir>  times the replay of <dir>/recording.json
 *   check <root> <dir>  replays once and compares what the engine received with what the
 *                       plan registered (<dir>/registered.json); exits 1 on any difference
 */

async function floor(root: string, dir: string) {
  const recording = readRecording(path.join(dir, "recording.json"));
  const { config, secretKeys } = readStackConfig(root, recording.stack);
  const elapsed = startTimer();
  const evaluation = await evaluateInMockRuntime(
    { project: recording.project, stack: recording.stack, config, secretKeys },
    () => replay(recording),
  );
  const ms = elapsed();
  return { ms, resources: evaluation.resources.length, keep: evaluation.resources };
}

/** JSON with sorted keys and sorted dependency lists, so equal registrations compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, k === "dependsOn" ? [...(record[k] as string[])].sort() : record[k]]),
    );
  });
}

function differences(expected: Record<string, unknown>, actual: Record<string, unknown>) {
  const found: string[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (!(key in actual)) found.push(`missing ${key}`);
    else if (!(key in expected)) found.push(`extra ${key}`);
    else if (canonical(expected[key]) !== canonical(actual[key]))
      found.push(`${key}:\n  plan  ${canonical(expected[key])}\n  floor ${canonical(actual[key])}`);
  }
  return found;
}

async function check(root: string, dir: string) {
  const measured = await floor(root, dir);
  const registered = JSON.parse(
    fs.readFileSync(path.join(dir, "registered.json"), "utf8"),
  ) as Registered;
  const byUrn = (list: unknown[]) =>
    Object.fromEntries(list.map((r) => [(r as { urn: string }).urn, r]));
  const found = [
    ...differences(byUrn(registered.resources), byUrn(measured.keep)),
    ...differences(registered.states, monitorStates()),
  ];
  if (found.length > 0) {
    throw new Error(
      `the floor differs from the plan in ${found.length} places:\n${found.slice(0, 5).join("\n")}`,
    );
  }
  return measured;
}

async function main() {
  const [mode, root, dir] = process.argv.slice(2);
  if (mode === "floor" && root && dir) return runMeasured(() => floor(root, dir));
  if (mode === "check" && root && dir) return runMeasured(() => check(root, dir));
  throw new Error("usage: plan-floor-worker floor|check <root> <dir>");
}

main().catch(fail);
