import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  classifyExitCode,
  isAtLeast,
  main as checkDrift,
  previewArgs,
} from "../../scripts/check-drift";
import {
  driftDigest,
  driftMarker,
  main as driftIssue,
  reportDrift,
  resolveDrift,
} from "../../scripts/drift-issue";
import { GitHub } from "../../scripts/github-api";
import { FakeGitHub } from "./fake-github";

const DIFF = `Previewing update (prod):
  ~ databricks:index/qualityMonitor:QualityMonitor: (update)
      ~ schedule: { quartzCronExpression: "0 0 4 * * ?" => "0 0 2 * * ?" }
Resources:
    ~ 1 to update
Duration: 14s
`;

describe("check-drift", () => {
  it("tells drift (exit 7) from success and from errors", () => {
    expect(classifyExitCode(0)).toBe("clean");
    expect(classifyExitCode(7)).toBe("drift");
    for (const code of [1, 2, 3, 255, null]) expect(classifyExitCode(code)).toBe("error");
  });

  it("previews with refresh and expect-no-changes, never an update or a state-writing refresh", () => {
    const args = previewArgs("prod");
    expect(args[0]).toBe("preview");
    expect(args).toEqual(
      expect.arrayContaining([
        "--stack",
        "prod",
        "--refresh",
        "--expect-no-changes",
        "--non-interactive",
      ]),
    );
    expect(args).not.toEqual(expect.arrayContaining(["--yes"]));
  });

  it.each([
    ["v3.227.0", true],
    ["v3.230.1\n", true],
    ["v4.0.0", true],
    ["v3.226.9", false],
    ["v2.99.0", false],
    ["", false],
  ])("treats Pulumi %p as new enough: %p", (version, ok) => {
    expect(isAtLeast(version, "3.227.0")).toBe(ok);
  });

  describe("against a stand-in Pulumi CLI", () => {
    let dir: string;
    const env = { ...process.env };
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-"));
      jest.spyOn(process.stdout, "write").mockImplementation(() => true);
      jest.spyOn(console, "log").mockImplementation(() => undefined);
      jest.spyOn(console, "error").mockImplementation(() => undefined);
    });
    afterEach(() => {
      process.env = { ...env };
      jest.restoreAllMocks();
    });

    /** A `pulumi` that prints the preview and exits with `code`; it logs its arguments. */
    function fakePulumi(code: number, version = "v3.230.0"): string {
      const file = path.join(dir, "pulumi");
      const diff = path.join(dir, "diff.txt");
      fs.writeFileSync(diff, DIFF);
      fs.writeFileSync(
        file,
        `#!/bin/sh\nif [ "$1" = version ]; then echo ${version}; exit 0; fi\necho "$@" > "${dir}/args"\ncat "${diff}"\nexit ${code}\n`,
        { mode: 0o755 },
      );
      return file;
    }

    async function run(code: number, version?: string) {
      process.env.GITHUB_OUTPUT = path.join(dir, "github-output");
      fs.writeFileSync(process.env.GITHUB_OUTPUT, "");
      const report = path.join(dir, "out", "preview.txt");
      const outcomeFile = path.join(dir, "out", "prod.outcome");
      const exit = await checkDrift([
        "node",
        "check-drift",
        "--stack",
        "prod",
        "--report-file",
        report,
        "--outcome-file",
        outcomeFile,
        "--pulumi",
        fakePulumi(code, version),
      ]);
      const outcome = fs.existsSync(outcomeFile) ? fs.readFileSync(outcomeFile, "utf8") : null;
      return { exit, report, output: fs.readFileSync(process.env.GITHUB_OUTPUT, "utf8"), outcome };
    }

    it("records drift, keeps the preview and succeeds", async () => {
      const { exit, report, output, outcome } = await run(7);
      expect(exit).toBe(0);
      expect(output).toBe("drift=true\n");
      expect(outcome).toBe("drift\n");
      expect(fs.readFileSync(report, "utf8")).toBe(DIFF);
      expect(fs.readFileSync(path.join(dir, "args"), "utf8").trim()).toBe(
        previewArgs("prod").join(" "),
      );
    });

    it("records no drift", async () => {
      expect(await run(0)).toMatchObject({ exit: 0, output: "drift=false\n", outcome: "clean\n" });
    });

    it("fails on any other exit code without claiming drift either way", async () => {
      expect(await run(255)).toMatchObject({ exit: 1, output: "", outcome: null });
    });

    it("refuses a Pulumi CLI too old to tell drift from errors", async () => {
      await expect(run(7, "v3.200.0")).rejects.toThrow(/needs Pulumi 3\.227\.0 or later/);
    });
  });
});

describe("drift issues", () => {
  let fake: FakeGitHub;
  let github: GitHub;
  const now = new Date("2026-05-01T03:00:00Z");

  beforeEach(async () => {
    fake = await new FakeGitHub().start();
    github = new GitHub({ token: "test-token", repo: fake.repo, apiUrl: fake.url });
  });
  afterEach(() => fake.stop());

  it("opens one labelled issue per stack with the diff", async () => {
    const prod = await reportDrift(github, {
      stack: "prod",
      report: DIFF,
      label: "drift",
      now,
      runUrl: "https://ci/run/1",
    });
    const acc = await reportDrift(github, { stack: "acc", report: DIFF, label: "drift", now });
    expect([prod.action, acc.action]).toEqual(["opened", "opened"]);
    expect(fake.labels.has("drift")).toBe(true);
    const issue = fake.issues[0];
    expect(issue).toMatchObject({ title: "Drift in stack prod", labels: ["drift"], state: "open" });
    expect(issue?.body).toContain(driftMarker("prod"));
    expect(issue?.body).toContain(
      '~ schedule: { quartzCronExpression: "0 0 4 * * ?" => "0 0 2 * * ?" }',
    );
    expect(issue?.body).toContain("https://ci/run/1");
  });

  it("updates the open issue instead of opening another, commenting only when the drift changed", async () => {
    await reportDrift(github, { stack: "prod", report: DIFF, label: "drift", now });
    const sameDriftNewTimings = DIFF.replace("Duration: 14s", "Duration: 9s");
    expect(
      (
        await reportDrift(github, {
          stack: "prod",
          report: sameDriftNewTimings,
          label: "drift",
          now,
        })
      ).action,
    ).toBe("unchanged");
    const moreDrift = `${DIFF}  - databricks:index/job:Job: (delete)\n`;
    expect(
      (await reportDrift(github, { stack: "prod", report: moreDrift, label: "drift", now })).action,
    ).toBe("updated");
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]?.comments).toHaveLength(1);
    expect(fake.issues[0]?.body).toContain("databricks:index/job:Job: (delete)");
  });

  it("leaves issues of other stacks and closed issues alone", async () => {
    fake.addIssue({ body: driftMarker("prod"), labels: ["drift"], state: "closed" });
    fake.addIssue({ body: driftMarker("acc"), labels: ["drift"] });
    await reportDrift(github, { stack: "prod", report: DIFF, label: "drift", now });
    expect(fake.issues.map((i) => [i.state, i.body.includes(driftMarker("prod"))])).toEqual([
      ["closed", true],
      ["open", false],
      ["open", true],
    ]);
  });

  it("closes the stack's issue once the check is clean, and does nothing when there is none", async () => {
    await reportDrift(github, { stack: "prod", report: DIFF, label: "drift", now });
    expect(await resolveDrift(github, "prod", "drift")).toEqual({ action: "closed", number: 1 });
    expect(fake.issues[0]).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(await resolveDrift(github, "prod", "drift")).toEqual({ action: "none" });
  });

  it("identifies drift by the changed resources only", () => {
    expect(driftDigest(DIFF)).toBe(driftDigest(DIFF.replace("14s", "2m")));
    expect(driftDigest(DIFF)).not.toBe(driftDigest(DIFF.replace("0 0 2", "0 0 3")));
  });

  it("runs as a command from the report file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "drift-issue-"));
    fs.writeFileSync(path.join(dir, "preview.txt"), DIFF);
    const env = { ...process.env };
    Object.assign(process.env, {
      GITHUB_TOKEN: "test-token",
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: fake.repo,
    });
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(
        await driftIssue([
          "node",
          "drift-issue",
          "--stack",
          "dev",
          "--report-file",
          path.join(dir, "preview.txt"),
        ]),
      ).toBe(0);
      expect(await driftIssue(["node", "drift-issue", "--stack", "dev", "--resolved"])).toBe(0);
    } finally {
      process.env = env;
      jest.restoreAllMocks();
    }
    expect(fake.issues.map((i) => [i.title, i.state])).toEqual([["Drift in stack dev", "closed"]]);
  });
});
