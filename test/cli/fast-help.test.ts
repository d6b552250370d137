import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * `model-monitoring --help` and `--version` start fast: the command line is defined without
 * loading any command's implementation (the stack loader and zod, the Pulumi SDK, the SQL
 * driver, the output tables), which took most of the start-up time. Run in a child process of
 * its own, on the sources, recording every module the CLI loads.
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
const loaded = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  loaded.add(Module._resolveFilename(request, parent, isMain));
  return load.apply(this, arguments);
};
let out = "";
const io = { stdout: (t) => (out += t), stdoutIsTty: false, stderr: { write: (t) => (out += t) }, env: {} };
require(process.env.MAIN).main(["node", "model-monitoring", ...JSON.parse(process.env.ARGS)], io).then((code) => {
  process.stdout.write(JSON.stringify({ code, out, loaded: [...loaded] }));
});
`;

function run(args: string[]): { code: number; out: string; loaded: string[] } {
  const result = spawnSync(process.execPath, ["-e", CHILD], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      MAIN: path.join(REPO_ROOT, "cli", "main.ts"),
      ARGS: JSON.stringify(args),
    },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { code: number; out: string; loaded: string[] };
}

const HEAVY = [
  /node_modules\/zod\//,
  /node_modules\/@pulumi\//,
  /node_modules\/@databricks\//,
  /node_modules\/js-yaml\//,
  /node_modules\/cli-table3\//,
  /\/config\/load-project\.ts$/,
  /\/cli\/day2\/command\.ts$/,
];

describe("the CLI's start-up", () => {
  it.each([[["--help"]], [["--version"]], [["analyze-drift", "--help"]], [["help", "lineage"]]])(
    "answers %j without loading any command's implementation",
    (args) => {
      const { code, out, loaded } = run(args);
      expect(code).toBe(0);
      expect(out).toMatch(
        args[0] === "--version" ? /^\d+\.\d+\.\d+\n$/ : /^Usage: model-monitoring/,
      );
      expect(loaded.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
    },
    30_000,
  );

  it("prints the version in package.json", () => {
    const { version } = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"),
    ) as {
      version: string;
    };
    expect(run(["--version"]).out).toBe(`${version}\n`);
  }, 30_000);
});
