import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { POLICY_SETTINGS, RULE_IDS } from "../../policies/config";
import type { PolicySubject } from "../../policies/subject";
import { monitoredModel } from "./fixtures";

/**
 * The policy pack as the Pulumi CLI runs it: the analyzer plugin starts
 * `@pulumi/pulumi/cmd/run-policy-pack <engine> .` in policies/pack, which compiles the
 * TypeScript, prints a port and serves the Analyzer gRPC API. This test plays the engine.
 */

// Generated gRPC stubs shipped with @pulumi/pulumi (no type declarations for them).
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc: any = require("@grpc/grpc-js");
const analyzer: any = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient }: any = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct }: any = require("google-protobuf/google/protobuf/struct_pb");
const { Empty }: any = require("google-protobuf/google/protobuf/empty_pb");

const PACK_DIR = path.resolve(__dirname, "..", "..", "policies", "pack");
const RUNNER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

let pack: ChildProcess;
let client: any;

function startPack(): Promise<number> {
  return new Promise((resolve, reject) => {
    pack = spawn(process.execPath, [RUNNER, "127.0.0.1:1", "."], {
      cwd: PACK_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    pack.stderr?.on("data", (chunk) => (stderr += String(chunk)));
    pack.stdout?.once("data", (chunk) => resolve(Number(String(chunk).trim())));
    pack.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
  });
}

function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method](request, (error: Error | null, response: T) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

function analyzerResource(subject: PolicySubject): unknown {
  const r = new analyzer.AnalyzerResource();
  r.setType(subject.type);
  r.setName(subject.name);
  r.setUrn(subject.urn);
  r.setProperties(Struct.fromJavaScript(subject.inputs));
  const options = new analyzer.AnalyzerResourceOptions();
  options.setProtect(Boolean(subject.options.protect));
  r.setOptions(options);
  if (subject.parentUrn) r.setParent(subject.parentUrn);
  return r;
}

async function analyzeStack(
  subjects: PolicySubject[],
): Promise<{ policy: string; level: string; urn: string }[]> {
  const request = new analyzer.AnalyzeStackRequest();
  request.setResourcesList(subjects.map(analyzerResource));
  const response: any = await call("analyzeStack", request);
  return response.getDiagnosticsList().map((d: any) => ({
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()],
    urn: d.getUrn(),
  }));
}

beforeAll(async () => {
  const port = await startPack();
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

// Waits for the pack to exit: a child still running keeps this test process from ending.
afterAll(async () => {
  client?.close();
  if (pack && pack.exitCode === null && pack.signalCode === null) {
    const exited = new Promise((resolve) => pack.once("exit", resolve));
    pack.kill();
    await exited;
  }
});

describe("the policy pack, served", () => {
  it("announces every rule with its enforcement level", async () => {
    const info: any = await call("getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("model-monitoring");
    const policies = info
      .getPoliciesList()
      .map((p: any) => [p.getName(), LEVELS[p.getEnforcementlevel()]]);
    expect(policies).toEqual(RULE_IDS.map((id) => [id, POLICY_SETTINGS.enforcement[id]]));
  });

  it("passes a fully monitored model", async () => {
    expect(await analyzeStack(monitoredModel().all)).toEqual([]);
  });

  it("reports an unmonitored endpoint and an unprotected prod table", async () => {
    const m = monitoredModel();
    const resources = m.all
      .filter((r) => r !== m.monitor)
      .map((r) => (r === m.table ? { ...r, options: {} } : r));
    const found = await analyzeStack(resources);
    expect(found.sort((a, b) => a.policy.localeCompare(b.policy))).toEqual([
      // Without the monitor its metric tables are unknown, so the alert on them no longer counts.
      { policy: "endpoint-alert", level: "mandatory", urn: m.endpoint.urn },
      { policy: "endpoint-monitor", level: "mandatory", urn: m.endpoint.urn },
      { policy: "prod-data-protected", level: "mandatory", urn: m.table.urn },
    ]);
  });
});
