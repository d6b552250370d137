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

function run(
  listing: string,
  listingExit: number,
  stepExit: (stack: string) => number,
  options: string[] = [],
) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "each-stack-"));
  const log = path.join(dir, "calls");
  fs.writeFileSync(
    path.join(dir, "node"),
    `#!/bin/sh\necho "node $*" >> "${log}"\nprintf '${listing}'\nexit ${listingExit}\n`,
    { mode: 0o755 },
  );
  const failing = ["prod-a", "prod-b", "prod-c"].filter((s) => stepExit(s) !== 0);
  fs.writeFileSync(
    path.join(dir, "step.sh"),
    `#!/bin/sh\necho "step $*" >> "${log}"\ncase "$1" in ${failing.map((s) => `${s}) exit ${stepExit(s)};;`).join(" ")} *) exit 0;; esac\n`,
    { mode: 0o755 },
  );
  const result = spawnSync(SCRIPT, [...options, "prod", path.join(dir, "step.sh"), "--flag"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: `${dir}:${process.env.PATH ?? ""}` },
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, calls, stderr: result.stderr };
}

describe("scripts/each-stack.sh", () => {
  it("runs the script for every stack of the environment, one after the other", () => {
    expect(run("prod-a prod\\nprod-b prod\\n", 0, () => 0)).toMatchObject({
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

  it("with --keep-going runs every stack, names the failed ones and exits with the first code", () => {
    const listing = "prod-a prod\\nprod-b prod\\nprod-c prod\\n";
    const { status, calls, stderr } = run(listing, 0, (s) => (s === "prod-a" ? 3 : 0), [
      "--keep-going",
    ]);
    expect(status).toBe(3);
    expect(calls.slice(1)).toEqual([
      "step prod-a --flag",
      "step prod-b --flag",
      "step prod-c --flag",
    ]);
    expect(stderr).toMatch(/failed for: prod-a \(exit 3\)$/m);
    const both = run(listing, 0, (s) => (s === "prod-c" ? 0 : s === "prod-a" ? 4 : 5), [
      "--keep-going",
    ]);
    expect(both.status).toBe(4);
    expect(both.stderr).toMatch(/failed for: prod-a \(exit 4\) prod-b \(exit 5\)$/m);
  });

  it("runs nothing when the environment has no stack file", () => {
    const { status, calls } = run("no stack file states environment prod\\n", 1, () => 0);
    expect(status).toBe(1);
    expect(calls.slice(1)).toEqual([]);
  });
});
