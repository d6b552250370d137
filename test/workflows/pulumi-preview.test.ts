import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/** scripts/pulumi-preview.sh, the Azure PR preview step, against a stand-in `pulumi`. */

const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-preview.sh");

function run(stack: string, code: number, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-preview-"));
  const log = path.join(dir, "calls");
  fs.writeFileSync(
    path.join(dir, "pulumi"),
    `#!/bin/sh\necho "$* | token=\${DATABRICKS_TOKEN-unset}" >> "${log}"\n` +
      `if [ "$1" = preview ]; then echo '  ~ name: "##vso[task.prependpath]/tmp"'; echo 'Resources: 1 to update'; exit ${code}; fi\n`,
    { mode: 0o755 },
  );
  const comments = path.join(dir, "previews");
  const result = spawnSync(SCRIPT, [stack, comments], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH ?? ""}`, HOME: dir, ...env },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    calls: fs.readFileSync(log, "utf8").trim().split("\n"),
    comment: fs.readFileSync(path.join(comments, `preview-${stack}.md`), "utf8"),
  };
}

describe("scripts/pulumi-preview.sh", () => {
  it("logs in, previews with the policy pack and writes the stack's thread body", () => {
    const { status, calls, comment, stdout } = run("acc", 0, {
      DATABRICKS_TOKEN: "$(DATABRICKS_TOKEN)",
    });
    expect(status).toBe(0);
    expect(calls).toEqual([
      "login | token=unset",
      "preview --stack acc --diff --non-interactive --color never --policy-pack policies/pack | token=unset",
    ]);
    expect(comment.startsWith("<!-- model-monitoring:preview:acc -->\n")).toBe(true);
    expect(comment).toContain("of stack acc: succeeded");
    expect(comment).toContain("Resources: 1 to update");
    // The log shows the preview, without commands to the Azure agent.
    expect(stdout).toContain("##vso [task.prependpath]");
    expect(stdout).not.toContain("##vso[");
  });

  it("still writes the body when the preview fails, and fails with its exit code", () => {
    const { status, comment } = run("prod", 255);
    expect(status).toBe(255);
    expect(comment).toContain("of stack prod: failed (exit 255)");
  });
});
