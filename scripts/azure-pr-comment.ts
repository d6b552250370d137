import * as fs from "node:fs";
import { Command } from "commander";
import { PLAN_COMMENT_MARKER } from "../cli/plan/render-markdown";
import {
  type AzureDevOps,
  AzureDevOpsError,
  azureDevOpsFromEnv,
  type ListResponse,
} from "./azure-devops-api";
import { runMain } from "./run-main";
import { commentBody, parsePullRequestNumber } from "./upsert-pr-comment";

/**
 * The Azure Repos counterpart of upsert-pr-comment: one pull-request thread per marker (the
 * offline plan, each stack's preview), created once and edited on every later run.
 *
 * Our thread carries the marker as a thread property, which the web UI cannot set; its first
 * comment starts with the marker too. UNCONFIRMED: that Azure DevOps keeps a custom thread
 * property and returns it when listing threads (Microsoft's simple_ado library relies on it).
 * Where it does not, a thread whose first comment starts with the marker and was written by a
 * build identity ("... Build Service (...)") is ours; failing both, a new thread is created.
 */

export const THREAD_PROPERTY = "ModelMonitoring.CommentMarker";

export interface ThreadComment {
  id: number;
  content?: string | null;
  isDeleted?: boolean;
  author?: { displayName?: string; uniqueName?: string } | null;
}

export interface Thread {
  id: number;
  isDeleted?: boolean;
  comments?: ThreadComment[];
  properties?: Record<string, { $type?: string; $value?: unknown }> | null;
}

const BUILD_IDENTITY = /Build Service \(/;

/** The live thread this script wrote for `marker`, if any. */
export function findMarkedThread(threads: Thread[], marker: string): Thread | undefined {
  const live = threads.filter((t) => !t.isDeleted && t.comments?.[0] && !t.comments[0].isDeleted);
  return (
    live.find((t) => t.properties?.[THREAD_PROPERTY]?.$value === marker) ??
    live.find((t) => {
      const first = t.comments?.[0];
      return (
        (first?.content ?? "").startsWith(marker) &&
        BUILD_IDENTITY.test(first?.author?.displayName ?? "")
      );
    })
  );
}

export interface PullRequestRef {
  repositoryId: string;
  pullRequestId: number;
}

function threadsPath(pr: PullRequestRef): string {
  return `git/repositories/${encodeURIComponent(pr.repositoryId)}/pullRequests/${pr.pullRequestId}/threads`;
}

export async function upsertThread(
  azure: AzureDevOps,
  pr: PullRequestRef,
  body: string,
  marker: string,
): Promise<{ action: "created" | "updated"; id: number }> {
  const { value: threads } = await azure.request<ListResponse<Thread>>("GET", threadsPath(pr));
  const existing = findMarkedThread(threads, marker);
  if (existing) {
    const first = existing.comments?.[0] as ThreadComment;
    await azure.request("PATCH", `${threadsPath(pr)}/${existing.id}/comments/${first.id}`, {
      content: body,
    });
    return { action: "updated", id: existing.id };
  }
  const created = await azure.request<Thread>("POST", threadsPath(pr), {
    comments: [{ parentCommentId: 0, content: body, commentType: "text" }],
    // Closed: a report to read, not a review remark that blocks completion while active.
    status: "closed",
    properties: { [THREAD_PROPERTY]: { type: "System.String", value: marker } },
  });
  return { action: "created", id: created.id };
}

/** The commit at the head of the pull request's source branch, as Azure DevOps last merged it. */
export async function headCommit(
  azure: AzureDevOps,
  pr: PullRequestRef,
): Promise<string | undefined> {
  const pull = await azure.request<{ lastMergeSourceCommit?: { commitId?: string } }>(
    "GET",
    `git/repositories/${encodeURIComponent(pr.repositoryId)}/pullrequests/${pr.pullRequestId}`,
  );
  return pull.lastMergeSourceCommit?.commitId;
}

interface Options {
  bodyFile: string;
  marker: string;
  pr?: string;
  repositoryId?: string;
  headSha?: string;
}

export function command(): Command {
  return new Command("azure-pr-comment")
    .description(
      "Create or update the one Azure Repos pull-request thread that starts with a marker",
    )
    .requiredOption("--body-file <path>", "Markdown body; must start with the marker")
    .option("--marker <text>", "HTML comment that identifies the thread", PLAN_COMMENT_MARKER)
    .option("--pr <number>", "pull request id (default: SYSTEM_PULLREQUEST_PULLREQUESTID)")
    .option("--repository-id <id>", "repository (default: BUILD_REPOSITORY_ID)")
    .option("--head-sha <sha>", "skip unless the pull request's head is still this commit")
    .exitOverride();
}

export async function main(argv: string[], env = process.env): Promise<number> {
  const cli = command();
  cli.parse(argv);
  const options = cli.opts<Options>();
  const pr: PullRequestRef = {
    pullRequestId: parsePullRequestNumber(options.pr ?? env.SYSTEM_PULLREQUEST_PULLREQUESTID ?? ""),
    repositoryId: options.repositoryId ?? env.BUILD_REPOSITORY_ID ?? "",
  };
  if (!pr.repositoryId) throw new Error("give --repository-id (or run in Azure Pipelines)");
  const body = commentBody(fs.readFileSync(options.bodyFile, "utf8"), options.marker);
  const azure = azureDevOpsFromEnv(env);
  if (options.headSha) {
    const head = await headCommit(azure, pr);
    if (head !== undefined && head !== options.headSha) {
      console.log(
        `pull request ${pr.pullRequestId} has moved past ${options.headSha}; a newer run will comment`,
      );
      return 0;
    }
  }
  try {
    const result = await upsertThread(azure, pr, body, options.marker);
    console.log(`${result.action} thread ${result.id} on pull request ${pr.pullRequestId}`);
  } catch (error) {
    if (error instanceof AzureDevOpsError && (error.status === 401 || error.status === 403))
      throw new Error(
        `${error.message}\nthe build identity needs "Contribute to pull requests" on the repository`,
      );
    throw error;
  }
  return 0;
}

if (require.main === module) runMain((argv) => main(argv));
