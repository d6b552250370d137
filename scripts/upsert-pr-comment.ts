import * as fs from "node:fs";
import { Command } from "commander";
import { PLAN_COMMENT_MARKER } from "../cli/plan/render-markdown";
import { type GitHub, gitHubFromEnv } from "./github-api";
import { runMain } from "./run-main";

/**
 * Posts one pull-request comment and keeps it current: the comment is found by the marker
 * its body starts with and edited, so a PR gets one plan comment however often it runs.
 *
 * Runs in the trusted `workflow_run` job, on a body produced by untrusted PR code: the PR
 * number must be a plain number, the body must start with the marker, and with --head-sha
 * the PR must still be at the commit that produced the body.
 */

// GitHub rejects comments over 65,536 characters.
export const MAX_COMMENT_CHARS = 65_000;

export interface IssueComment {
  id: number;
  body?: string | null;
  user?: { type?: string } | null;
}

export function commentBody(body: string, marker: string): string {
  if (!body.startsWith(marker))
    throw new Error(`the comment body does not start with the marker ${marker}`);
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = "\n\n_(truncated: the full plan is in the workflow run's artifact)_";
  return body.slice(0, MAX_COMMENT_CHARS - note.length) + note;
}

/** The bot's comment carrying the marker; comments people wrote are never edited. */
export function findMarkedComment(
  comments: IssueComment[],
  marker: string,
): IssueComment | undefined {
  return comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").startsWith(marker));
}

export function parsePullRequestNumber(text: string): number {
  const trimmed = text.trim();
  if (!/^[1-9][0-9]{0,9}$/.test(trimmed))
    throw new Error(`not a pull request number: "${trimmed.slice(0, 40)}"`);
  return Number(trimmed);
}

export async function upsertComment(
  github: GitHub,
  pr: number,
  body: string,
  marker: string,
): Promise<{ action: "created" | "updated"; id: number }> {
  const existing = findMarkedComment(
    await github.list<IssueComment>(`issues/${pr}/comments`),
    marker,
  );
  if (existing) {
    await github.request("PATCH", `issues/comments/${existing.id}`, { body });
    return { action: "updated", id: existing.id };
  }
  const created = await github.request<IssueComment>("POST", `issues/${pr}/comments`, { body });
  return { action: "created", id: created.id };
}

interface Options {
  pr?: string;
  prFile?: string;
  bodyFile: string;
  marker: string;
  headSha?: string;
  repo?: string;
}

export function command(): Command {
  return new Command("upsert-pr-comment")
    .description("Create or update the one pull-request comment that starts with a marker")
    .option("--pr <number>", "pull request number")
    .option("--pr-file <path>", "file holding the pull request number (from an artifact)")
    .requiredOption("--body-file <path>", "Markdown body; must start with the marker")
    .option("--marker <text>", "HTML comment that identifies the comment", PLAN_COMMENT_MARKER)
    .option("--head-sha <sha>", "skip unless the pull request's head is still this commit")
    .option("--repo <owner/name>", "repository (default: GITHUB_REPOSITORY)")
    .exitOverride();
}

export async function main(argv: string[]): Promise<number> {
  const cli = command();
  cli.parse(argv);
  const options = cli.opts<Options>();
  const prText =
    options.pr ?? (options.prFile ? fs.readFileSync(options.prFile, "utf8") : undefined);
  if (prText === undefined) throw new Error("give --pr or --pr-file");
  const pr = parsePullRequestNumber(prText);
  const body = commentBody(fs.readFileSync(options.bodyFile, "utf8"), options.marker);
  const github = gitHubFromEnv(options.repo);
  if (options.headSha) {
    const pull = await github.request<{ head: { sha: string } }>("GET", `pulls/${pr}`);
    if (pull.head.sha !== options.headSha) {
      console.log(
        `pull request #${pr} has moved past ${options.headSha}; a newer run will comment`,
      );
      return 0;
    }
  }
  const result = await upsertComment(github, pr, body, options.marker);
  console.log(`${result.action} comment ${result.id} on pull request #${pr}`);
  return 0;
}

if (require.main === module) runMain(main);
