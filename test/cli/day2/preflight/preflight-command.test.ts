import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { fraudModel } from "../support/scenarios";
import { visible } from "../support/harness";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";
import { CHECKS } from "../../../../cli/day2/preflight/check-catalogue";
import { REPO_ROOT } from "../../../helpers/fixture-project";

/**
 * The command as a whole: help, the JSON schema for every exit code, text and Markdown, what it
 * cannot conclude, that it only reads, and what it costs as models are added.
 */

const schema = z.fromJSONSchema(
  JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "cli", "schemas", "preflight.schema.json"), "utf8"),
  ),
);
const errorSchema = z.fromJSONSchema(
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "cli", "schemas", "error.schema.json"), "utf8")),
);

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fraud: fraudModel(),
    broken: fraudModel({ version: "9" }),
  });
});
afterAll(() => w.close());
afterEach(() => {
  w.workspace.faults.clear();
  w.workspace.state.access.clearDenials();
});

describe("preflight", () => {
  it("documents every check in --help", async () => {
    const run = await w.run(["preflight", "--help"]);
    expect(run.exitCode).toBe(0);
    for (const check of CHECKS) expect(run.stdout).toContain(`  ${check.name} `);
    expect(run.stdout).toMatch(/--state <file>/);
    expect(run.stdout).toMatch(/Nothing in the workspace is changed/);
  });

  it.each([
    ["all good", ["-m", "fraud"], 0],
    ["a failed check", [], 1],
  ] as const)("--json (%s) matches cli/schemas/preflight.schema.json", async (_, args, code) => {
    const run = await w.run(["preflight", "--stack", "dev", "--json", ...args]);
    expect(run.exitCode).toBe(code);
    expect(schema.safeParse(run.json()).error?.issues ?? []).toEqual([]);
  });

  it("exits 2 with a full report when a check could not be made and none failed", async () => {
    w.workspace.state.access.deny({ path: "/api/2.1/unity-catalog/models/{full_name}/versions" });
    const run = await w.run(["preflight", "--stack", "dev", "--json", "-m", "fraud"]);
    expect(run.exitCode).toBe(2);
    const output = run.json<{ exitCode: number; checks: unknown[] }>();
    expect(output.exitCode).toBe(2);
    expect(schema.safeParse(output).success).toBe(true);
    expect(lineOf(run.json(), "registered-model", { model: "fraud" }).status).toBe("unknown");
  });

  it("exits 2 naming what it could not conclude when the workspace keeps failing", async () => {
    w.workspace.faults.add({ path: "/api/2.1/unity-catalog/tables", kind: 503, times: 1000 });
    const run = await w.run(["preflight", "--stack", "dev", "--json"]);
    expect(run.exitCode).toBe(2);
    expect(errorSchema.safeParse(run.json()).success).toBe(true);
    const error = run.json<{ error: { kind: string; message: string; details: string[] } }>().error;
    expect(error.kind).toBe("connection");
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^not concluded: tables of ml_dev\.inference/),
        expect.stringMatching(/^not concluded: tables of ml_dev\.monitoring/),
        expect.stringMatching(/^concluded: who the credentials are; /),
      ]),
    );
  });

  it("prints a table, worst first, with the fix under a failure, and the cost", async () => {
    const run = await w.run(["preflight", "--stack", "dev"], { tty: true });
    expect(run.exitCode).toBe(1);
    const lines = visible(run.stdout).split("\n");
    expect(lines[0]).toBe(`Preflight of stack dev as user ${w.workspace.userName}:`);
    const statuses = lines
      .map((l) => /(FAIL|UNKNOWN|WARN|PASS|SKIPPED)/.exec(l)?.[1])
      .filter(Boolean);
    expect(statuses[0]).toBe("FAIL");
    expect(statuses.indexOf("PASS")).toBeGreaterThan(statuses.lastIndexOf("FAIL"));
    expect(run.stdout).toContain("→ Register the version or set the alias");
    expect(run.stdout).toMatch(/Cost: \d+ REST requests, 1 SQL statements\./);
  });

  it("prints Markdown for a CI step summary", async () => {
    const run = await w.run(["preflight", "--stack", "dev", "--markdown"]);
    expect(run.stdout).toMatch(/^### Preflight of stack `dev`/);
    expect(run.stdout).toContain("| **FAIL** | registered-model | broken |");
  });

  it("refuses an unknown check name in --skip, and skips the named ones", async () => {
    const bad = await w.run(["preflight", "--stack", "dev", "--skip", "nope"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown check\(s\) nope; the checks: identity, warehouse/);
    const { exitCode, output } = await w.preflight(["--skip", "registered-model,state"]);
    expect(exitCode).toBe(0);
    expect(lineOf(output, "registered-model", { model: "broken" })).toMatchObject({
      status: "skipped",
      detail: "skipped (--skip registered-model)",
    });
  });

  it("only reads: every request is a GET, every statement a SELECT or a script of SELECTs", async () => {
    w.workspace.requests.clear();
    w.warehouse.counters.reset();
    await w.preflight([], { env: {} });
    const methods = new Set(w.workspace.requests.all().map((r) => r.method));
    expect([...methods]).toEqual(["GET"]);
    const statements = w.warehouse.counters.statements.map((s) => s.received);
    expect(statements.length).toBeGreaterThan(0);
    for (const sql of statements) {
      expect(sql).toMatch(/^(SELECT |BEGIN\n)/);
      expect(sql).not.toMatch(/\b(INSERT|UPDATE|DELETE|MERGE|CREATE|DROP|ALTER|GRANT|SET)\b/i);
    }
  });
});
