import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLAN_COMMENT_MARKER } from "../../cli/plan/render-markdown";
import { GitHub } from "../../scripts/github-api";
import {
  MAX_COMMENT_CHARS,
  commentBody,
  main,
  parsePullRequestNumber,
  upsertComment,
} from "../../scripts/upsert-pr-comment";
import { FakeGitHub } from "./fake-github";

let fake: FakeGitHub;
let github: GitHub;
const plan = (text: string) => `${PLAN_COMMENT_MARKER}\n## Offline plan\n${text}`;

beforeEach(async () => {
  fake = await new FakeGitHub().start();
  github = new GitHub({ token: "test-token", repo: fake.repo, apiUrl: fake.url });
});
afterEach(() => fake.stop());

describe("upsertComment", () => {
  it("creates the comment once, then edits it on every later run", async () => {
    const pr = fake.addIssue({ pull_request: {} });
    fake.comment(pr, "LGTM", "User");
    const first = await upsertComment(github, pr.number, plan("v1"), PLAN_COMMENT_MARKER);
    const second = await upsertComment(github, pr.number, plan("v2"), PLAN_COMMENT_MARKER);
    expect(first.action).toBe("created");
    expect(second).toEqual({ action: "updated", id: first.id });
    expect(pr.comments.map((c) => c.body)).toEqual(["LGTM", plan("v2")]);
  });

  it("finds its comment beyond the first page of comments", async () => {
    const pr = fake.addIssue({ pull_request: {} });
    for (let i = 0; i < 120; i += 1) fake.comment(pr, `chatter ${i}`, "User");
    const mine = fake.comment(pr, plan("old"));
    expect(await upsertComment(github, pr.number, plan("new"), PLAN_COMMENT_MARKER)).toEqual({
      action: "updated",
      id: mine.id,
    });
    expect(pr.comments).toHaveLength(121);
  });

  it("never edits a person's comment that quotes the marker", async () => {
    const pr = fake.addIssue({ pull_request: {} });
    const quoted = fake.comment(pr, plan("pasted by a person"), "User");
    await upsertComment(github, pr.number, plan("bot"), PLAN_COMMENT_MARKER);
    expect(quoted.body).toBe(plan("pasted by a person"));
    expect(pr.comments).toHaveLength(2);
  });
});

describe("comment input checks", () => {
  it("refuses a body that does not start with the marker", () => {
    expect(() => commentBody("## Offline plan", PLAN_COMMENT_MARKER)).toThrow(
      /does not start with the marker/,
    );
  });

  it("truncates a body over GitHub's limit and says so", () => {
    const body = commentBody(plan("x".repeat(70_000)), PLAN_COMMENT_MARKER);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toMatch(/truncated/);
  });

  it.each(["12", " 7\n"])("accepts the PR number %p", (text) => {
    expect(parsePullRequestNumber(text)).toBe(Number(text.trim()));
  });

  it.each(["", "0", "12; rm -rf /", "1e3", "-4"])("rejects %p as a PR number", (text) => {
    expect(() => parsePullRequestNumber(text)).toThrow(/not a pull request number/);
  });
});

describe("the upsert-pr-comment command", () => {
  const env = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
    Object.assign(process.env, {
      GITHUB_TOKEN: "test-token",
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: fake.repo,
    });
    jest.spyOn(console, "log").mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.env = { ...env };
    jest.restoreAllMocks();
  });

  it("comments the artifact's plan on the artifact's PR when the head still matches", async () => {
    const pr = fake.addIssue({ pull_request: {} });
    fake.pulls.set(pr.number, { head: { sha: "abc123" } });
    fs.writeFileSync(path.join(dir, "pr-number"), `${pr.number}\n`);
    fs.writeFileSync(path.join(dir, "plan.md"), plan("from the artifact"));
    const args = [
      "--pr-file",
      path.join(dir, "pr-number"),
      "--body-file",
      path.join(dir, "plan.md"),
    ];
    expect(await main(["node", "upsert-pr-comment", ...args, "--head-sha", "abc123"])).toBe(0);
    expect(pr.comments.map((c) => c.body)).toEqual([plan("from the artifact")]);

    fake.pulls.set(pr.number, { head: { sha: "def456" } });
    fs.writeFileSync(path.join(dir, "plan.md"), plan("stale"));
    expect(await main(["node", "upsert-pr-comment", ...args, "--head-sha", "abc123"])).toBe(0);
    expect(pr.comments.map((c) => c.body)).toEqual([plan("from the artifact")]);
  });
});
