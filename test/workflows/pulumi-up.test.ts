import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/** scripts/pulumi-up.sh, the Azure deploy step, run against a stand-in `pulumi` that logs its calls. */

const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-up.sh");

function run(args: string[], env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-up-"));
  const log = path.join(dir, "calls");
  fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh\necho "$* | token=\${DATABRICKS_TOKEN-unset} client=\${DATABRICKS_CLIENT_ID-unset}" >> "${log}"\n`,
    { mode: 0o755 },
  );
  const result = spawnSync(SCRIPT, args, {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH ?? ""}`, ...env },
  });
  return {
    status: result.status,
    stderr: result.stderr,
    calls: fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [],
  };
}

describe("scripts/pulumi-up.sh", () => {
  it("logs in, then updates the stack with the policy pack", () => {
    const { status, calls } = run(["acc"], { DATABRICKS_TOKEN: "dapi-1" });
    expect(status).toBe(0);
    expect(calls).toEqual([
      "login | token=dapi-1 client=unset",
      "up --stack acc --yes --non-interactive --policy-pack policies/pack | token=dapi-1 client=unset",
    ]);
  });

  it("treats Azure's literal $(NAME) for an undefined variable as unset", () => {
    const { calls } = run(["prod"], {
      DATABRICKS_TOKEN: "$(DATABRICKS_TOKEN)",
      DATABRICKS_CLIENT_ID: "sp-1",
    });
    expect(calls[1]).toBe(
      "up --stack prod --yes --non-interactive --policy-pack policies/pack | token=unset client=sp-1",
    );
  });

  it("refuses to run without a stack", () => {
    const { status, stderr, calls } = run([], {});
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/usage: scripts\/pulumi-up\.sh <stack>/);
    expect(calls).toEqual([]);
  });
});
