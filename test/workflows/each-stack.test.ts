import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * scripts/each-stack.sh, the Azure deploy stages' loop over an environment's shards, with a
 * stand-in `node` that answers `model-monitoring stacks` (tested in test/cli/commands) and a
 * stand-in step script that logs each call.
 */

const SCRIPT = path.join(REPO_ROOT, "scripts", "each-stack.sh");

function run(listing: string, listingExit: number, stepExit: (stack: string) => number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "each-stack-"));
  const log = path.join(dir, "calls");
  fs.writeFileSync(
    path.join(dir, "node"),
    `#!/bin/sh\necho "node $*" >> "${log}"\nprintf '${listing}'\nexit ${listingExit}\n`,
    { mode: 0o755 },
  );
  const failing = ["prod-a", "prod-b"].filter((s) => stepExit(s) !== 0);
  fs.writeFileSync(
    path.join(dir, "step.sh"),
    `#!/bin/sh\necho "step $*" >> "${log}"\ncase "$1" in ${failing.map((s) => `${s}) exit 1;;`).join(" ")} *) exit 0;; esac\n`,
    { mode: 0o755 },
  );
  const result = spawnSync(SCRIPT, ["prod", path.join(dir, "step.sh"), "--flag"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH ?? ""}` },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, calls };
}

describe("scripts/each-stack.sh", () => {
  it("runs the script for every stack of the environment, one after the other", () => {
    expect(run("prod-a prod\\nprod-b prod\\n", 0, () => 0)).toEqual({
      status: 0,
      calls: [
        "node bin/model-monitoring.js stacks --environment prod",
        "step prod-a --flag",
        "step prod-b --flag",
      ],
    });
  });

  it("stops at the first stack that fails", () => {
    const { status, calls } = run("prod-a prod\\nprod-b prod\\n", 0, (s) =>
      s === "prod-a" ? 1 : 0,
    );
    expect(status).toBe(1);
    expect(calls.slice(1)).toEqual(["step prod-a --flag"]);
  });

  it("runs nothing when the environment has no stack file", () => {
    const { status, calls } = run("no stack file states environment prod\\n", 1, () => 0);
    expect(status).toBe(1);
    expect(calls.slice(1)).toEqual([]);
  });
});
