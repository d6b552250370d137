import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLAN_COMMENT_MARKER } from "../../cli/plan/render-markdown";
import { AzureDevOps } from "../../scripts/azure-devops-api";
import {
  driftDescription,
  main as driftWorkItem,
  reportDriftWorkItem,
  resolveDriftWorkItem,
  type DriftWorkItemSettings,
} from "../../scripts/azure-drift-work-item";
import { main as prComment, THREAD_PROPERTY, upsertThread } from "../../scripts/azure-pr-comment";
import { consoleEcho, main as checkDrift } from "../../scripts/check-drift";
import { BUILD_IDENTITY, FakeAzureDevOps } from "./fake-azure-devops";

/** The Azure pipelines' scripts against a local stand-in of the Azure DevOps REST API. */

let fake: FakeAzureDevOps;
let azure: AzureDevOps;
const plan = (text: string) => `${PLAN_COMMENT_MARKER}\n## Offline plan\n${text}`;
const DIFF = `Previewing update (prod):
  ~ databricks:index/qualityMonitor:QualityMonitor: (update)
      ~ schedule: { quartzCronExpression: "0 0 4 * * ?" => "0 0 2 * * ?" }
Duration: 14s
`;

beforeEach(async () => {
  fake = await new FakeAzureDevOps().start();
  azure = new AzureDevOps({
    token: fake.token,
    collectionUri: fake.collectionUri,
    project: fake.project,
  });
});
afterEach(() => fake.stop());

const env = () => ({
  SYSTEM_ACCESSTOKEN: fake.token,
  SYSTEM_COLLECTIONURI: fake.collectionUri,
  SYSTEM_TEAMPROJECT: fake.project,
  BUILD_REPOSITORY_ID: fake.repositoryId,
  SYSTEM_PULLREQUEST_PULLREQUESTID: "22",
});

describe("the pull-request thread (plan and preview comments)", () => {
  const pr = () => ({ repositoryId: fake.repositoryId, pullRequestId: 22 });

  it.each([true, false])(
    "creates the thread once, then edits it on every later run (thread properties kept: %p)",
    async (keeps) => {
      fake.keepsThreadProperties = keeps;
      fake.addThread(22, "LGTM", { id: "u1", displayName: "Normal Paulk" });
      const first = await upsertThread(azure, pr(), plan("v1"), PLAN_COMMENT_MARKER);
      const second = await upsertThread(azure, pr(), plan("v2"), PLAN_COMMENT_MARKER);
      expect(first.action).toBe("created");
      expect(second).toEqual({ action: "updated", id: first.id });
      const threads = fake.threads.get(22) ?? [];
      expect(threads.map((t) => t.comments[0]?.content)).toEqual(["LGTM", plan("v2")]);
      expect(threads[1]).toMatchObject({
        status: "closed",
        properties: { [THREAD_PROPERTY]: { $type: "System.String", $value: PLAN_COMMENT_MARKER } },
      });
    },
  );

  it("never edits a person's comment that quotes the marker, and keeps one thread per marker", async () => {
    const quoted = fake.addThread(22, plan("pasted by a person"), { id: "u1", displayName: "Ann" });
    const preview = "<!-- model-monitoring:preview:dev -->";
    await upsertThread(azure, pr(), plan("bot"), PLAN_COMMENT_MARKER);
    await upsertThread(azure, pr(), `${preview}\nno changes`, preview);
    await upsertThread(azure, pr(), `${preview}\n1 to update`, preview);
    expect(quoted.comments[0]?.content).toBe(plan("pasted by a person"));
    expect((fake.threads.get(22) ?? []).map((t) => t.comments[0]?.content)).toEqual([
      plan("pasted by a person"),
      plan("bot"),
      `${preview}\n1 to update`,
    ]);
  });

  it("ignores deleted threads", async () => {
    const old = fake.addThread(22, plan("old"), BUILD_IDENTITY);
    old.isDeleted = true;
    expect((await upsertThread(azure, pr(), plan("new"), PLAN_COMMENT_MARKER)).action).toBe(
      "created",
    );
  });

  it("runs as a command from the pipeline's variables, skipping a run the PR has moved past", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-comment-"));
    const body = path.join(dir, "plan.md");
    fs.writeFileSync(body, plan("from the build"));
    fake.pulls.set(22, { lastMergeSourceCommit: { commitId: "abc123" } });
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const args = ["node", "azure-pr-comment", "--body-file", body, "--head-sha"];
      expect(await prComment([...args, "abc123"], env())).toBe(0);
      fs.writeFileSync(body, plan("stale"));
      expect(await prComment([...args, "0ld"], env())).toBe(0);
    } finally {
      jest.restoreAllMocks();
    }
    expect((fake.threads.get(22) ?? []).map((t) => t.comments[0]?.content)).toEqual([
      plan("from the build"),
    ]);
  });

  it("says how to give the step the token when it is not mapped", async () => {
    const { SYSTEM_ACCESSTOKEN: _, ...noToken } = env();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-comment-"));
    fs.writeFileSync(path.join(dir, "plan.md"), plan("x"));
    for (const token of [undefined, "$(System.AccessToken)"]) {
      await expect(
        prComment(["node", "c", "--body-file", path.join(dir, "plan.md")], {
          ...noToken,
          ...(token ? { SYSTEM_ACCESSTOKEN: token } : {}),
        }),
      ).rejects.toThrow(/SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\)/);
    }
  });
});

describe("the drift work item", () => {
  const settings: DriftWorkItemSettings = {
    stack: "prod",
    type: "Issue",
    closedState: "Done",
    tag: "drift",
  };
  const now = new Date("2026-05-01T03:00:00Z");

  it("opens one tagged work item per stack with the diff, escaped", async () => {
    const result = await reportDriftWorkItem(azure, settings, DIFF, "https://ci/run/1", now);
    await reportDriftWorkItem(azure, { ...settings, stack: "acc" }, DIFF, undefined, now);
    expect(result.action).toBe("opened");
    expect(
      fake.workItems.map((w) => [w.type, w.fields["System.Title"], w.fields["System.Tags"]]),
    ).toEqual([
      ["Issue", "Drift in stack prod", "drift"],
      ["Issue", "Drift in stack acc", "drift"],
    ]);
    const description = String(fake.workItems[0]?.fields["System.Description"]);
    expect(description).toContain(
      "quartzCronExpression: &quot;0 0 4 * * ?&quot; =&gt; &quot;0 0 2 * * ?&quot;",
    );
    expect(description).toContain('<a href="https://ci/run/1">');
  });

  it("updates the open work item, with a discussion comment only when the drift changed", async () => {
    await reportDriftWorkItem(azure, settings, DIFF, undefined, now);
    const sameDrift = DIFF.replace("Duration: 14s", "Duration: 9s");
    expect((await reportDriftWorkItem(azure, settings, sameDrift, undefined, now)).action).toBe(
      "unchanged",
    );
    const moreDrift = `${DIFF}  - databricks:index/job:Job: (delete)\n`;
    expect((await reportDriftWorkItem(azure, settings, moreDrift, undefined, now)).action).toBe(
      "updated",
    );
    expect(fake.workItems).toHaveLength(1);
    expect(fake.workItems[0]?.history).toHaveLength(1);
    expect(fake.workItems[0]?.fields["System.Description"]).toContain(
      "databricks:index/job:Job: (delete)",
    );
  });

  it("leaves closed work items and other stacks alone, and closes the stack's once clean", async () => {
    fake.addWorkItem("Issue", {
      "System.Title": "Drift in stack prod",
      "System.Tags": "drift",
      "System.State": "Done",
    });
    fake.addWorkItem("Issue", {
      "System.Title": "Drift in stack acc",
      "System.Tags": "drift",
      "System.State": "To Do",
    });
    const opened = await reportDriftWorkItem(azure, settings, DIFF, undefined, now);
    expect(opened).toEqual({ action: "opened", id: 3 });
    expect(await resolveDriftWorkItem(azure, settings)).toEqual({ action: "closed", id: 3 });
    expect(fake.workItems.map((w) => w.fields["System.State"])).toEqual(["Done", "To Do", "Done"]);
    expect(fake.workItems[2]?.history[0]).toMatch(/No drift in stack <b>prod<\/b> any more/);
    expect(await resolveDriftWorkItem(azure, settings)).toEqual({ action: "none" });
  });

  it("takes the process's work item type and closed state", async () => {
    const agile = { ...settings, type: "Bug", closedState: "Closed" };
    await reportDriftWorkItem(azure, agile, DIFF, undefined, now);
    await resolveDriftWorkItem(azure, agile);
    expect(fake.workItems.map((w) => [w.type, w.fields["System.State"]])).toEqual([
      ["Bug", "Closed"],
    ]);
  });

  it("keeps what the preview shows out of the markup", () => {
    const html = driftDescription("prod", '<img src=x onerror="alert(1)"> & more', undefined, now);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more");
  });

  it("runs as a command, and refuses a stack name that is not one", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-drift-"));
    fs.writeFileSync(path.join(dir, "preview.txt"), DIFF);
    jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const report = ["--stack", "dev", "--report-file", path.join(dir, "preview.txt")];
      expect(await driftWorkItem(["node", "w", ...report], env())).toBe(0);
      expect(await driftWorkItem(["node", "w", "--stack", "dev", "--resolved"], env())).toBe(0);
      await expect(
        driftWorkItem(["node", "w", "--stack", "dev' OR 1=1", "--resolved"], env()),
      ).rejects.toThrow(/not a stack name/);
    } finally {
      jest.restoreAllMocks();
    }
    expect(fake.workItems.map((w) => [w.fields["System.Title"], w.fields["System.State"]])).toEqual(
      [["Drift in stack dev", "Done"]],
    );
  });
});

describe("check-drift's console echo in Azure Pipelines", () => {
  it("breaks up agent commands the preview might show, also across chunks", () => {
    let out = "";
    const echo = consoleEcho(true, (text) => (out += String(text)));
    echo.write(Buffer.from('  ~ description: "##vso[task.prependpath]/tmp/x"\n  ~ name: "##v'));
    echo.write(Buffer.from('so[task.setvariable variable=drift]false"'));
    echo.end();
    expect(out).not.toMatch(/##vso\[/);
    expect(out).toContain("##vso [task.prependpath]/tmp/x");
  });

  it("passes output through untouched elsewhere", () => {
    let out = "";
    const echo = consoleEcho(false, (text) => (out += String(text)));
    echo.write(Buffer.from("##vso[x]\n"));
    expect(out).toBe("##vso[x]\n");
  });
});

describe("check-drift in Azure Pipelines", () => {
  it("sets the job variable drift and echoes the preview without agent commands", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "azure-check-"));
    const pulumi = path.join(dir, "pulumi");
    fs.writeFileSync(
      pulumi,
      `#!/bin/sh\nif [ "$1" = version ]; then echo v3.230.0; exit 0; fi\necho '  ~ name: "##vso[task.setvariable variable=drift]false"'\nexit 7\n`,
      { mode: 0o755 },
    );
    const saved = { ...process.env };
    let out = "";
    jest.spyOn(process.stdout, "write").mockImplementation((text) => {
      out += String(text);
      return true;
    });
    jest.spyOn(console, "log").mockImplementation((text: string) => (out += `${text}\n`));
    try {
      delete process.env.GITHUB_OUTPUT;
      process.env.TF_BUILD = "True";
      const report = path.join(dir, "preview.txt");
      const args = ["--stack", "prod", "--report-file", report, "--pulumi", pulumi];
      expect(await checkDrift(["node", "check-drift", ...args])).toBe(0);
    } finally {
      process.env = saved;
      jest.restoreAllMocks();
    }
    expect(out.match(/##vso\[.*/g)).toEqual(["##vso[task.setvariable variable=drift]true"]);
  });
});
