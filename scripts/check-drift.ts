import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { runMain } from "./run-main";

/**
 * The nightly drift check for one stack: `pulumi preview --refresh --expect-no-changes`.
 * A preview writes no state (the refresh happens in memory). Since Pulumi 3.227.0 a failed
 * --expect-no-changes exits with 7, so drift is told apart from errors: 0 no drift, 7 drift,
 * anything else an error. The output goes to the console and to a report file; the outcome
 * to $GITHUB_OUTPUT as `drift=true|false` (GitHub Actions) or to the job variable `drift`
 * (Azure Pipelines), and with --outcome-file as `drift` or `clean` in that file (a loop over
 * several stacks in one job, where one job variable cannot hold every stack's outcome).
 */

export const MIN_PULUMI_VERSION = "3.227.0";
const DRIFT_EXIT_CODE = 7;

export type DriftOutcome = "clean" | "drift" | "error";

export function classifyExitCode(code: number | null): DriftOutcome {
  if (code === 0) return "clean";
  if (code === DRIFT_EXIT_CODE) return "drift";
  return "error";
}

export function previewArgs(stack: string): string[] {
  return [
    "preview",
    "--stack",
    stack,
    "--refresh",
    "--expect-no-changes",
    "--diff",
    "--non-interactive",
    "--color",
    "never",
  ];
}

/** Whether `pulumi version` output (e.g. "v3.230.1") is at least `minimum`. */
export function isAtLeast(versionText: string, minimum: string): boolean {
  const parse = (text: string) => (/(\d+)\.(\d+)\.(\d+)/.exec(text) ?? []).slice(1, 4).map(Number);
  const have = parse(versionText);
  const need = parse(minimum);
  if (have.length !== 3) return false;
  for (let i = 0; i < 3; i += 1) {
    const a = have[i] ?? 0;
    const b = need[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/**
 * Echoes the preview to the console. In Azure Pipelines a line of output holding `##vso[` is a
 * command to the agent (set a variable, prepend to PATH); the preview shows values from the
 * workspace, so those are broken up before they reach the log.
 */
export function consoleEcho(
  azure: boolean,
  out: (text: string | Buffer) => void = (t) => process.stdout.write(t),
) {
  if (!azure) return { write: (chunk: Buffer) => out(chunk), end: () => undefined };
  let pending = "";
  const neutral = (text: string) => text.replace(/##vso\[/gi, "##vso [");
  return {
    write(chunk: Buffer) {
      pending += chunk.toString("utf8");
      const end = pending.lastIndexOf("\n") + 1;
      if (end > 0) out(neutral(pending.slice(0, end)));
      pending = pending.slice(end);
    },
    end() {
      if (pending) out(neutral(pending));
      pending = "";
    },
  };
}

function runTee(
  pulumi: string,
  args: string[],
  cwd: string,
  reportFile: string,
): Promise<number | null> {
  fs.mkdirSync(path.dirname(path.resolve(reportFile)), { recursive: true });
  const report = fs.createWriteStream(reportFile);
  return new Promise((resolve, reject) => {
    const child = spawn(pulumi, args, {
      cwd,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const echo = consoleEcho(process.env.TF_BUILD === "True");
    for (const stream of [child.stdout, child.stderr]) {
      stream.on("data", (chunk: Buffer) => {
        echo.write(chunk);
        report.write(chunk);
      });
    }
    child.once("error", reject);
    child.once("close", (code) => {
      echo.end();
      report.end(() => resolve(code));
    });
  });
}

interface Options {
  stack: string;
  reportFile: string;
  outcomeFile?: string;
  pulumi: string;
  cwd: string;
}

export function command(): Command {
  return new Command("check-drift")
    .description("Preview one stack with --refresh --expect-no-changes and tell drift from errors")
    .requiredOption("--stack <name>", "stack to check")
    .requiredOption("--report-file <path>", "where to write the preview output")
    .option("--outcome-file <path>", "where to write the outcome, drift or clean (not on errors)")
    .option("--pulumi <path>", "Pulumi CLI to run", "pulumi")
    .option("--cwd <dir>", "project folder", ".")
    .exitOverride();
}

export async function main(argv: string[]): Promise<number> {
  const cli = command();
  cli.parse(argv);
  const options = cli.opts<Options>();
  const version = spawnSync(options.pulumi, ["version"], { encoding: "utf8" });
  if (version.status !== 0 || !isAtLeast(version.stdout, MIN_PULUMI_VERSION)) {
    throw new Error(
      `needs Pulumi ${MIN_PULUMI_VERSION} or later to tell drift (exit 7) from errors; found ${version.stdout?.trim() || "none"}`,
    );
  }
  const code = await runTee(
    options.pulumi,
    previewArgs(options.stack),
    options.cwd,
    options.reportFile,
  );
  const outcome = classifyExitCode(code);
  if (process.env.GITHUB_OUTPUT && outcome !== "error") {
    fs.appendFileSync(process.env.GITHUB_OUTPUT, `drift=${outcome === "drift"}\n`);
  }
  // A loop over several stacks in one job: each stack's outcome in its own file.
  if (options.outcomeFile && outcome !== "error") {
    fs.mkdirSync(path.dirname(path.resolve(options.outcomeFile)), { recursive: true });
    fs.writeFileSync(options.outcomeFile, `${outcome}\n`);
  }
  // Azure Pipelines: a variable for the later steps of the job, set by a logging command.
  if (process.env.TF_BUILD === "True" && outcome !== "error") {
    console.log(`##vso[task.setvariable variable=drift]${outcome === "drift"}`);
  }
  if (outcome === "error") {
    console.error(`pulumi preview failed with exit code ${code}: an error, not drift`);
    return 1;
  }
  console.log(
    outcome === "drift" ? `drift in stack ${options.stack}` : `no drift in stack ${options.stack}`,
  );
  return 0;
}

if (require.main === module) runMain(main);
