import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * The per-stack scripts the Azure DevOps Preview stage and drift pipeline loop over
 * (scripts/each-stack.sh --keep-going), with stand-ins for `node` and `pulumi` that log their
 * arguments: what each posts, opens or closes, and when it fails.
 */

interface Run {
  status: number | null;
  stderr: string;
  calls: string[];
}

function runScript(
  script: string,
  args: string[],
  setup: (dir: string) => void,
  stubs: Record<string, number> = {},
  env: Record<string, string> = {},
): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-stack-"));
  const log = path.join(dir, "calls");
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  for (const name of ["node", "pulumi"]) {
    fs.writeFileSync(
      path.join(bin, name),
      `#!/bin/sh\necho "${name} $*" >> "${log}"\nexit ${stubs[name] ?? 0}\n`,
      { mode: 0o755 },
    );
  }
  setup(dir);
  const result = spawnSync(
    path.join(REPO_ROOT, "scripts", script),
    args.map((a) => a.replace("$DIR", dir)),
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, ...env },
    },
  );
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, calls: calls.filter(Boolean) };
}

describe("scripts/azure-preview-comment.sh", () => {
  it("posts the stack's preview body under the stack's marker", () => {
    const run = runScript(
      "azure-preview-comment.sh",
      ["prod-a", "$DIR/previews", "abc123"],
      (dir) => {
        fs.mkdirSync(path.join(dir, "previews"));
        fs.writeFileSync(path.join(dir, "previews", "preview-prod-a.md"), "body");
      },
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      expect.stringMatching(
        /^node dist\/scripts\/azure-pr-comment\.js --body-file \S+\/previews\/preview-prod-a\.md --marker <!-- model-monitoring:preview:prod-a --> --head-sha abc123$/,
      ),
    ]);
  });

  it("fails, naming the stack, when its preview wrote no body", () => {
    const run = runScript("azure-preview-comment.sh", ["prod-b", "$DIR/previews", "abc"], () => {});
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(run.stderr).toMatch(/no preview body for stack prod-b/);
  });
});

describe("scripts/azure-drift-item.sh", () => {
  const settings = {
    DRIFT_WORK_ITEM_TYPE: "Issue",
    DRIFT_CLOSED_STATE: "Done",
    DRIFT_RUN_URL: "https://run/1",
  };
  const withOutcome = (outcome: string | null) => (dir: string) => {
    fs.mkdirSync(path.join(dir, "drift"));
    if (outcome !== null) fs.writeFileSync(path.join(dir, "drift", "acc.outcome"), `${outcome}\n`);
  };

  it("opens or updates the work item on drift, with the preview", () => {
    const run = runScript(
      "azure-drift-item.sh",
      ["acc", "$DIR/drift"],
      withOutcome("drift"),
      {},
      settings,
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      expect.stringMatching(
        /^node dist\/scripts\/azure-drift-work-item\.js --stack acc --report-file \S+\/drift\/acc\.txt --work-item-type Issue --closed-state Done --run-url https:\/\/run\/1$/,
      ),
    ]);
  });

  it("closes it on a clean check", () => {
    const run = runScript(
      "azure-drift-item.sh",
      ["acc", "$DIR/drift"],
      withOutcome("clean"),
      {},
      settings,
    );
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "node dist/scripts/azure-drift-work-item.js --stack acc --resolved --work-item-type Issue --closed-state Done --run-url https://run/1",
    ]);
  });

  it("leaves it alone and fails when the check did not conclude", () => {
    const run = runScript(
      "azure-drift-item.sh",
      ["acc", "$DIR/drift"],
      withOutcome(null),
      {},
      settings,
    );
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(run.stderr).toMatch(/stack acc: its drift check did not conclude/);
  });
});

describe("scripts/azure-drift-check.sh", () => {
  // `node` is the stand-in for both check-drift and preflight: their exit codes by program.
  function check(checkExit: number, preflightExit: number): Run {
    return runScript("azure-drift-check.sh", ["prod", "$DIR/drift"], (dir) => {
      const bin = path.join(dir, "bin", "node");
      const log = path.join(dir, "calls");
      fs.writeFileSync(
        bin,
        `#!/bin/sh\necho "node $*" >> "${log}"\ncase "$1" in dist/scripts/check-drift.js) exit ${checkExit};; *) exit ${preflightExit};; esac\n`,
        { mode: 0o755 },
      );
    });
  }

  it("checks for drift, then runs preflight whatever the check found", () => {
    const run = check(0, 0);
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([
      "pulumi login",
      expect.stringMatching(
        /^node dist\/scripts\/check-drift\.js --stack prod --report-file \S+\/drift\/prod\.txt --outcome-file \S+\/drift\/prod\.outcome$/,
      ),
      "pulumi login",
      expect.stringMatching(/^pulumi stack export --stack prod --file /),
      expect.stringMatching(
        /^node bin\/model-monitoring\.js preflight --stack prod --markdown --state /,
      ),
    ]);
  });

  it("fails the stack when the check or preflight failed, but runs both", () => {
    const failedCheck = check(1, 0);
    expect(failedCheck.status).toBe(1);
    expect(failedCheck.calls.some((c) => c.includes(" preflight "))).toBe(true);
    expect(check(0, 1).status).toBe(1);
    // Preflight's exit 2 (could not check everything) is a warning, as in the deploy jobs.
    expect(check(0, 2).status).toBe(0);
  });
});
