import { main } from "../../cli/main";
import type { Day2Io } from "../../cli/day2/io";
import { parseSince } from "../../cli/day2/since";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * Issue 13, item 7: flags whose values end up in a file name or a URL, and durations, are
 * refused as usage errors (exit 2) before anything is read or sent.
 */

async function run(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: Day2Io = {
    stdout: (text) => (stdout += text),
    stdoutIsTty: false,
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  };
  const exitCode = await main(["node", "model-monitoring", ...args, "--root", REPO_ROOT], io);
  return { exitCode, stdout, stderr };
}

describe("flags that end up in a file name or a URL", () => {
  it.each([
    ["plan", "../other/Pulumi.dev"],
    ["plan", "x/../../elsewhere/Pulumi.dev"],
    ["lineage", "dev/../dev"],
    ["check-thresholds", "dev yaml"],
    ["refresh-monitors", ".."],
  ])("%s refuses --stack %j", async (command, stack) => {
    const { exitCode, stderr } = await run([command, "--stack", stack]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--stack must be a plain stack name/);
  });

  it.each(["abc/../../api/2.0/x", "0123456789ABCDEF", "0123456789abcdef?x=1", ""])(
    "refuses --warehouse-id %j",
    async (id) => {
      const { exitCode, stderr } = await run([
        "check-thresholds",
        "--stack",
        "dev",
        "--warehouse-id",
        id,
      ]);
      expect(exitCode).toBe(2);
      expect(stderr).toMatch(/--warehouse-id must be a SQL warehouse id: 16 lowercase hex/);
    },
  );

  it.each([
    "http://adb-1.azuredatabricks.net",
    "https://user:pw@adb-1.azuredatabricks.net",
    "https://adb-1.azuredatabricks.net/api/2.0",
    "https://adb-1.azuredatabricks.net?o=1",
    "https://evil.example@adb-1.azuredatabricks.net",
  ])("refuses --host %j", async (host) => {
    const { exitCode, stderr } = await run(["analyze-drift", "--stack", "dev", "--host", host]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--host must be a workspace URL/);
  });

  it("refuses --model values that are not model names", async () => {
    const { exitCode, stderr } = await run(["lineage", "--stack", "dev", "--model", "../x"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/--model takes model names/);
  });

  it("says so in JSON with --json", async () => {
    const { exitCode, stdout } = await run(["check-thresholds", "--stack", "a/b", "--json"]);
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout)).toMatchObject({
      error: { message: expect.stringMatching(/--stack must be/) },
    });
  });
});

describe("durations and sizes with floors and ceilings", () => {
  it.each([
    ["refresh-monitors", "--timeout", "0.5", /--timeout must be between 1 and 86400 seconds/],
    ["refresh-monitors", "--timeout", "1e9", /--timeout must be between 1 and 86400 seconds/],
    [
      "refresh-monitors",
      "--poll-interval",
      "0.000001",
      /--poll-interval must be between 0.01 and 600/,
    ],
    [
      "refresh-monitors",
      "--poll-interval",
      "86400",
      /--poll-interval must be between 0.01 and 600/,
    ],
    ["validate-inference-table", "--max-age-hours", "1e12", /--max-age-hours must be between/],
    ["validate-inference-table", "--days", "100000", /--days must be at most 3660/],
    ["analyze-drift", "--since", "99999999w", /--since must lie between ten years ago and now/],
    ["plan", "--max-chars", "10", /--max-chars must be between 1000 and/],
  ])("%s refuses %s %s", async (command, flag, value, message) => {
    const { exitCode, stderr } = await run([command, "--stack", "dev", flag, value]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("refuses a --since in the future", () => {
    expect(() => parseSince("2999-01-01", Date.parse("2026-01-01"))).toThrow(
      /between ten years ago and now/,
    );
  });
});
