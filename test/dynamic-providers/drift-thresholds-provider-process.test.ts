import { ROWS, TABLE, inputs, row, startHarness, type Harness } from "./drift-thresholds-harness";
import * as pulumi from "@pulumi/pulumi";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { driftThresholdsProvider } from "../../dynamic-providers/drift-thresholds";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * The serialized provider as `pulumi-resource-pulumi-nodejs` runs it: loaded from its text
 * with require-from-string in a plain Node process started in the project directory, with no
 * TypeScript loader and no Jest. It must load its implementation (TypeScript) by itself.
 */

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

/** What the host does with `__provider`: requireFromString(text).handler(), configure, methods. */
const HOST_SCRIPT = `
// Resolved from the project, like the real host (inside @pulumi/pulumi).
const requireFromString = require(require.resolve("require-from-string", { paths: [process.cwd()] }));
const fs = require("node:fs");
const Module = require("node:module");
const { text, config, inputs, changed } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
(async () => {
  const typescriptLoaderBefore = ".ts" in Module._extensions;
  const provider = requireFromString(text).handler();
  await provider.configure({ config: { get: (k) => config[k], require: (k) => config[k] } });
  const check = await provider.check({}, inputs);
  const created = await provider.create({ ...inputs, __provider: text });
  const read = await provider.read(created.id, created.outs);
  const update = await provider.update(created.id, created.outs, changed);
  await provider.delete(created.id, update.outs);
  const gone = await provider.read(created.id, update.outs);
  process.stdout.write(JSON.stringify({ typescriptLoaderBefore, check, created, read, update, gone }));
  process.exit(0);
})().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
`;

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += String(chunk)));
    child.stderr.on("data", (chunk) => (stderr += String(chunk)));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

it("runs its whole lifecycle from the serialized text in a plain Node process", async () => {
  const { text } = await pulumi.runtime.serializeFunction(() => driftThresholdsProvider, {
    allowSecrets: true,
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-thresholds-host-"));
  const script = path.join(dir, "host.js");
  const payload = path.join(dir, "payload.json");
  fs.writeFileSync(script, HOST_SCRIPT);
  const changed = inputs([row({ value: 0.05 }), ...ROWS.slice(1)]);
  fs.writeFileSync(payload, JSON.stringify({ text, config: h.config, inputs: inputs(), changed }));

  const { code, stdout, stderr } = await runNode([script, payload]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const result = JSON.parse(stdout) as Record<string, { [key: string]: unknown }>;
  expect(result.typescriptLoaderBefore).toBe(false);
  expect(result.check).toEqual({ inputs: inputs(), failures: [] });
  const owner = (result.created?.outs as { owner?: unknown } | undefined)?.owner;
  expect(owner).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
  expect(result.created).toEqual({ id: `${TABLE}/churn`, outs: { ...inputs(), owner } });
  expect(result.read?.props).toEqual({ ...inputs(), owner });
  expect(result.update?.outs).toEqual({ ...changed, owner });
  expect(result.gone).toEqual({ id: "" });
  expect(stdout + stderr).not.toContain(h.warehouse.token);
  fs.rmSync(dir, { recursive: true, force: true });
});
