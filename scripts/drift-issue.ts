import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { Command } from "commander";
import { type GitHub, GitHubError, gitHubFromEnv } from "./github-api";
import { runMain } from "./run-main";

/**
 * Keeps one open issue per stack about drift: opens it when the nightly check finds drift,
 * updates it with the latest diff (commenting only when the diff changed, so watchers are
 * not paged every night for the same drift), and closes it once a check comes back clean.
 * The issue is found by a marker in its body, under a label.
 */

// Leaves room for the text around the diff within GitHub's 65,536-character limit.
const MAX_REPORT_CHARS = 60_000;

export interface Issue {
  number: number;
  body?: string | null;
  pull_request?: unknown;
}

export function driftMarker(stack: string): string {
  return `<!-- model-monitoring:drift:${stack} -->`;
}

/** Identifies the drift itself: the changed-resource lines of the diff, not timings or counts. */
export function driftDigest(report: string): string {
  const changes = report
    .split("\n")
    .filter((line) => /^\s*[-+~]/.test(line))
    .map((line) => line.trimEnd())
    .join("\n");
  return createHash("sha256").update(changes).digest("hex").slice(0, 16);
}

function digestOf(body: string): string | undefined {
  return /<!-- digest:([0-9a-f]+) -->/.exec(body)?.[1];
}

export function driftIssueTitle(stack: string): string {
  return `Drift in stack ${stack}`;
}

export function driftIssueBody(
  stack: string,
  report: string,
  runUrl: string | undefined,
  now: Date,
): string {
  const trimmed =
    report.length > MAX_REPORT_CHARS
      ? `${report.slice(0, MAX_REPORT_CHARS)}\n… (truncated)`
      : report;
  return [
    driftMarker(stack),
    `<!-- digest:${driftDigest(report)} -->`,
    `The nightly check (\`pulumi preview --refresh --expect-no-changes\`) found differences in stack **${stack}** ` +
      `between the code on main and the workspace. Last seen ${now.toISOString()}${runUrl ? ` in [this run](${runUrl})` : ""}.`,
    "",
    "This is either drift (someone changed the workspace) or a change merged to main but not yet deployed " +
      '(for example a prod deploy waiting for approval). See docs/operating.md, "When the drift check fires".',
    "",
    "<details><summary>Preview</summary>",
    "",
    "```diff",
    trimmed.trimEnd(),
    "```",
    "",
    "</details>",
  ].join("\n");
}

export function findDriftIssue(issues: Issue[], stack: string): Issue | undefined {
  return issues.find(
    (issue) => !issue.pull_request && (issue.body ?? "").includes(driftMarker(stack)),
  );
}

async function openIssues(github: GitHub, label: string): Promise<Issue[]> {
  return github.list<Issue>(`issues?state=open&labels=${encodeURIComponent(label)}`);
}

async function ensureLabel(github: GitHub, label: string): Promise<void> {
  try {
    await github.request("GET", `labels/${encodeURIComponent(label)}`);
  } catch (error) {
    if (!(error instanceof GitHubError) || error.status !== 404) throw error;
    await github.request("POST", "labels", {
      name: label,
      color: "d93f0b",
      description: "Stack differs from the code",
    });
  }
}

export interface DriftReport {
  stack: string;
  report: string;
  runUrl?: string;
  label: string;
  now?: Date;
}

export async function reportDrift(
  github: GitHub,
  drift: DriftReport,
): Promise<{ action: "opened" | "updated" | "unchanged"; number: number }> {
  const body = driftIssueBody(drift.stack, drift.report, drift.runUrl, drift.now ?? new Date());
  const existing = findDriftIssue(await openIssues(github, drift.label), drift.stack);
  if (!existing) {
    await ensureLabel(github, drift.label);
    const created = await github.request<Issue>("POST", "issues", {
      title: driftIssueTitle(drift.stack),
      body,
      labels: [drift.label],
    });
    return { action: "opened", number: created.number };
  }
  const changed = digestOf(existing.body ?? "") !== digestOf(body);
  await github.request("PATCH", `issues/${existing.number}`, { body });
  if (changed) {
    await github.request("POST", `issues/${existing.number}/comments`, {
      body: `The drift in stack **${drift.stack}** changed${drift.runUrl ? ` ([run](${drift.runUrl}))` : ""}; the description shows the latest preview.`,
    });
  }
  return { action: changed ? "updated" : "unchanged", number: existing.number };
}

export async function resolveDrift(
  github: GitHub,
  stack: string,
  label: string,
  runUrl?: string,
): Promise<{ action: "closed" | "none"; number?: number }> {
  const existing = findDriftIssue(await openIssues(github, label), stack);
  if (!existing) return { action: "none" };
  await github.request("POST", `issues/${existing.number}/comments`, {
    body: `No drift in stack **${stack}** any more${runUrl ? ` ([run](${runUrl}))` : ""}. Closing.`,
  });
  await github.request("PATCH", `issues/${existing.number}`, {
    state: "closed",
    state_reason: "completed",
  });
  return { action: "closed", number: existing.number };
}

interface Options {
  stack: string;
  reportFile?: string;
  resolved?: boolean;
  runUrl?: string;
  label: string;
  repo?: string;
}

export function command(): Command {
  return new Command("drift-issue")
    .description("Open, update or close the one drift issue of a stack")
    .requiredOption("--stack <name>", "stack the check ran on")
    .option("--report-file <path>", "preview output of a check that found drift")
    .option("--resolved", "the check found no drift: close the stack's issue if one is open")
    .option("--run-url <url>", "link to the workflow run")
    .option("--label <name>", "label of drift issues", "drift")
    .option("--repo <owner/name>", "repository (default: GITHUB_REPOSITORY)")
    .exitOverride();
}

export async function main(argv: string[]): Promise<number> {
  const cli = command();
  cli.parse(argv);
  const options = cli.opts<Options>();
  const github = gitHubFromEnv(options.repo);
  if (options.resolved) {
    const result = await resolveDrift(github, options.stack, options.label, options.runUrl);
    console.log(
      result.action === "closed" ? `closed drift issue #${result.number}` : "no open drift issue",
    );
    return 0;
  }
  if (!options.reportFile)
    throw new Error("give --report-file with the preview output, or --resolved");
  const drift: DriftReport = {
    stack: options.stack,
    report: fs.readFileSync(options.reportFile, "utf8"),
    label: options.label,
  };
  if (options.runUrl) drift.runUrl = options.runUrl;
  const result = await reportDrift(github, drift);
  console.log(`${result.action} drift issue #${result.number}`);
  return 0;
}

if (require.main === module) runMain(main);
