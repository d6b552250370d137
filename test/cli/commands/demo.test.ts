import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demo, demoUnavailable } from "../../../cli/commands/demo";
import type { Day2Io } from "../../../cli/day2/io";
import { REPO_ROOT } from "../../helpers/fixture-project";

/**
 * `model-monitoring demo` end to end, in a child process of its own as a user runs it (the
 * sources through a TypeScript loader, as test/cli/fast-help.test.ts does): the output shows the
 * four seeded states, and the process ends by itself right after, which it cannot while a
 * stand-in's server, a socket or a timer is left open.
 */

const CHILD = `
const Module = require("node:module");
const fs = require("node:fs");
const ts = require("typescript");
Module._extensions[".ts"] = (module, file) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, file);
};
let out = "";
const io = { stdout: (t) => (out += t), stdoutIsTty: false, stderr: { write: (t) => (out += t) }, env: {} };
require(process.env.MAIN).main(["node", "model-monitoring", "demo"], io).then((code) => {
  const returned = Date.now();
  // Written when the process ends by itself: nothing of the demo is left to keep it alive.
  process.on("exit", () => {
    process.stdout.write(JSON.stringify({ code, out, exitMs: Date.now() - returned }));
  });
});
`;

function io(): Day2Io & { text: () => string } {
  let text = "";
  const write = (t: string) => {
    text += t;
    return true;
  };
  return { stdout: write, stdoutIsTty: false, stderr: { write }, env: {}, text: () => text };
}

describe("demo", () => {
  it("runs the day-2 commands on healthy, drifting, stale and broken models, then stops every stand-in", () => {
    const child = spawnSync(process.execPath, ["-e", CHILD], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, MAIN: path.join(REPO_ROOT, "cli", "main.ts") },
      // A stand-in left running keeps the process alive until this kills it.
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: "",
    });
    const { code, out, exitMs } = JSON.parse(child.stdout) as {
      code: number;
      out: string;
      exitMs: number;
    };
    expect(code).toBe(0);
    // The process ended on its own soon after the demo returned: no server, socket or timer
    // (a keep-alive socket holds a process for 5 s) outlived it.
    expect(exitMs).toBeLessThan(2_000);
    expect(out).toMatch(/^=+\nLOCAL SIMULATION: no Databricks workspace is contacted\./);
    expect(out).toContain("every stand-in is stopped");
    for (const command of [
      "validate-inference-table",
      "refresh-monitors",
      "analyze-drift",
      "check-thresholds",
      "preflight",
    ]) {
      expect(out).toContain(`$ npx model-monitoring ${command} --stack dev\n`);
    }
    const line = (pattern: RegExp) => out.split("\n").filter((l) => pattern.test(l));
    // healthy: passes validation, both alerts OK.
    expect(line(/│ healthy +│ PASS/)).toHaveLength(1);
    expect(line(/│ OK +│ healthy +│ (warning|critical)/)).toHaveLength(2);
    // drifting: a critical and a warning breach.
    expect(line(/│ CRITICAL │ drifting │ amount +│ ks_test\.pvalue/)).toHaveLength(1);
    expect(line(/│ BREACH +│ drifting │ critical/)).toHaveLength(1);
    // stale: 72 hours without requests.
    expect(out).toContain("✗ payload-freshness: newest row 72.0 h old");
    expect(line(/│ BREACH +│ stale +│ warning/)).toHaveLength(1);
    // broken: wrong processed columns, failed refresh, and preflight names it.
    expect(out).toMatch(/✗ processed-schema: missing merchant_category/);
    expect(line(/│ FAILED +│ broken/)).toHaveLength(1);
    expect(line(/│ FAIL +│ inference-tables │ broken/)).toHaveLength(1);
  }, 160_000);

  it("refuses clearly where the stand-ins are not there (an installed package)", async () => {
    const installed = fs.mkdtempSync(path.join(os.tmpdir(), "mm-installed-"));
    const out = io();
    expect(await demo(out, installed)).toBe(2);
    expect(out.text()).toMatch(
      /^error: the demo's local stand-ins are not here \(no .*demo\/run-demo\.ts or test\/support\/\): they are test code and are not part of an installed package\. Run the demo from a clone/,
    );
    fs.rmSync(installed, { recursive: true });
  });

  it("names the devDependencies a checkout without npm ci lacks", () => {
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "mm-checkout-"));
    fs.mkdirSync(path.join(checkout, "demo"));
    fs.writeFileSync(path.join(checkout, "demo", "run-demo.ts"), "");
    fs.mkdirSync(path.join(checkout, "test", "support"), { recursive: true });
    expect(demoUnavailable(checkout)).toBe(
      "the demo's local stand-ins need the devDependencies @duckdb/node-api, thrift, selfsigned, " +
        `apache-arrow, which are not installed in ${checkout}: run npm ci there (not npm ci --omit=dev)`,
    );
    expect(demoUnavailable(REPO_ROOT)).toBeUndefined();
    fs.rmSync(checkout, { recursive: true });
  });
});
