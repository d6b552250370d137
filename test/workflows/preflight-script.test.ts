import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildCli } from "../../cli/main";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * scripts/preflight.sh, the CI step before each `pulumi up`, run with stand-in `node` and `pulumi`
 * programs that log their calls: which exit codes stop the job, and when the state is read.
 */

const SCRIPT = path.join(REPO_ROOT, "scripts", "preflight.sh");

function run(
  options: { nodeExit: number; pulumi?: "none" | "exports" | "no-stack" },
  env: Record<string, string> = {},
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-sh-"));
  const log = path.join(dir, "calls");
  const summary = path.join(dir, "summary.md");
  fs.writeFileSync(
    path.join(dir, "node"),
    `#!/bin/sh\necho "node $* | token=\${DATABRICKS_TOKEN-unset}" >> "${log}"\necho "### Preflight report"\nexit ${options.nodeExit}\n`,
    { mode: 0o755 },
  );
  if ((options.pulumi ?? "none") !== "none") {
    const export_ =
      options.pulumi === "exports"
        ? 'if [ "$1" = "stack" ]; then shift 4; echo "{}" > "$2"; fi'
        : 'if [ "$1" = "stack" ]; then exit 255; fi';
    fs.writeFileSync(
      path.join(dir, "pulumi"),
      `#!/bin/sh\necho "pulumi $*" >> "${log}"\n${export_}\nexit 0\n`,
      { mode: 0o755 },
    );
  }
  const result = spawnSync(SCRIPT, ["acc"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, GITHUB_STEP_SUMMARY: summary, ...env },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    calls: calls.map((c) => c.replace(/\/tmp\/[^ ]*\/state\.json/, "<state>")),
    summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "",
  };
}

describe("scripts/preflight.sh", () => {
  it("passes exit 0 on, with the report in the log and the step summary", () => {
    const { status, stdout, calls, summary } = run({ nodeExit: 0 }, { DATABRICKS_TOKEN: "dapi-1" });
    expect(status).toBe(0);
    expect(calls).toEqual([
      "node bin/model-monitoring.js preflight --stack acc --markdown | token=dapi-1",
    ]);
    expect(stdout).toContain("### Preflight report");
    expect(summary).toContain("### Preflight report");
  });

  it("stops the job on exit 1", () => {
    const { status, stderr } = run({ nodeExit: 1 });
    expect(status).toBe(1);
    expect(stderr).toMatch(/fix the failed checks above before pulumi up/);
  });

  it("turns exit 2 into a warning of the CI system and goes on", () => {
    const github = run({ nodeExit: 2 }, { GITHUB_ACTIONS: "true" });
    expect(github.status).toBe(0);
    expect(github.stdout).toMatch(/^::warning::preflight of stack acc could not check everything/m);
    const azure = run({ nodeExit: 2 }, { TF_BUILD: "True" });
    expect(azure.stdout).toMatch(/^##vso\[task\.logissue type=warning\]preflight of stack acc/m);
  });

  it("reads the stack's state when the Pulumi CLI is there, and goes without it for a new stack", () => {
    expect(run({ nodeExit: 0, pulumi: "exports" }).calls).toEqual([
      "pulumi login",
      "pulumi stack export --stack acc --file <state>",
      "node bin/model-monitoring.js preflight --stack acc --markdown --state <state> | token=unset",
    ]);
    const fresh = run({ nodeExit: 0, pulumi: "no-stack" });
    expect(fresh.calls[2]).toBe(
      "node bin/model-monitoring.js preflight --stack acc --markdown | token=unset",
    );
    expect(fresh.stdout).toMatch(/no state of stack acc to read/);
  });

  it("treats Azure's literal $(NAME) for an undefined variable as unset", () => {
    const { calls } = run({ nodeExit: 0 }, { DATABRICKS_TOKEN: "$(DATABRICKS_TOKEN)" });
    expect(calls[0]).toMatch(/token=unset$/);
  });

  it("passes the CLI only flags its preflight command defines", () => {
    const preflight = buildCli(
      () => undefined,
      () => undefined,
    ).commands.find((c) => c.name() === "preflight");
    const known = new Set(preflight?.options.map((o) => o.long));
    const text = fs.readFileSync(SCRIPT, "utf8");
    const flags = [...text.matchAll(/(--[a-z-]+)/g)].map((m) => m[1] as string);
    const passed = flags.filter((f) => ["--stack", "--markdown", "--state"].includes(f));
    expect(new Set(passed)).toEqual(new Set(["--stack", "--markdown", "--state"]));
    for (const flag of passed) expect([flag, known.has(flag)]).toEqual([flag, true]);
  });
});
