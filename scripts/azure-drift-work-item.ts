import * as fs from "node:fs";
import { Command } from "commander";
import { type AzureDevOps, azureDevOpsFromEnv, type ListResponse } from "./azure-devops-api";
import { driftDigest, driftIssueTitle } from "./drift-issue";
import { runMain } from "./run-main";

/**
 * The Azure Boards counterpart of drift-issue: keeps one open work item per drifted stack.
 * Opens it when the nightly check finds drift, updates its description with the latest
 * preview (adding a discussion comment only when the drift itself changed, so nobody is paged
 * nightly for the same drift), and closes it once a check comes back clean.
 *
 * A work item, not a pull-request comment: drift is found on main, with no pull request to
 * comment on, and a work item can be assigned, is on the boards and keeps its history. The
 * type and the closed state differ per process (Basic: Issue/Done; Agile: Issue/Closed;
 * Scrum: Impediment/Closed; CMMI: Issue/Closed), hence the options.
 */

// Leaves room for the text around the diff (the field holds far more: UNCONFIRMED how much).
const MAX_REPORT_CHARS = 60_000;

export interface DriftWorkItemSettings {
  stack: string;
  type: string;
  closedState: string;
  tag: string;
}

interface WorkItem {
  id: number;
  fields: Record<string, unknown>;
}

/** WIQL string literal. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function driftQuery(settings: DriftWorkItemSettings): string {
  return [
    "SELECT [System.Id] FROM WorkItems",
    "WHERE [System.TeamProject] = @project",
    `AND [System.WorkItemType] = ${quoted(settings.type)}`,
    `AND [System.Title] = ${quoted(driftIssueTitle(settings.stack))}`,
    `AND [System.Tags] CONTAINS ${quoted(settings.tag)}`,
    `AND [System.State] <> ${quoted(settings.closedState)}`,
    "ORDER BY [System.Id]",
  ].join(" ");
}

/** Work item descriptions are HTML: the diff goes in a <pre>, the digest in plain sight. */
export function driftDescription(
  stack: string,
  report: string,
  runUrl: string | undefined,
  now: Date,
): string {
  const trimmed =
    report.length > MAX_REPORT_CHARS
      ? `${report.slice(0, MAX_REPORT_CHARS)}\n… (truncated)`
      : report;
  const run = runUrl ? ` in <a href="${escapeHtml(runUrl)}">this run</a>` : "";
  return [
    `<p>The nightly check (<code>pulumi preview --refresh --expect-no-changes</code>) found differences in stack <b>${escapeHtml(stack)}</b> between the code on main and the workspace. Last seen ${now.toISOString()}${run}.</p>`,
    "<p>This is either drift (someone changed the workspace) or a change merged to main but not yet deployed (for example a prod deploy waiting for approval). See docs/operating.md, &quot;When the drift check fires&quot;.</p>",
    `<p>Drift fingerprint: ${driftDigest(report)}</p>`,
    `<pre>${escapeHtml(trimmed.trimEnd())}</pre>`,
  ].join("\n");
}

function digestOf(description: unknown): string | undefined {
  return /Drift fingerprint: ([0-9a-f]{16})/.exec(String(description ?? ""))?.[1];
}

const field = (path: string, value: unknown) => ({ op: "add", path: `/fields/${path}`, value });

async function patch(azure: AzureDevOps, id: number, operations: object[]): Promise<void> {
  await azure.request("PATCH", `wit/workitems/${id}`, operations, "application/json-patch+json");
}

export async function openDriftWorkItem(
  azure: AzureDevOps,
  settings: DriftWorkItemSettings,
): Promise<WorkItem | undefined> {
  const found = await azure.request<{ workItems?: { id: number }[] }>("POST", "wit/wiql", {
    query: driftQuery(settings),
  });
  const first = found.workItems?.[0];
  if (!first) return undefined;
  const { value } = await azure.request<ListResponse<WorkItem>>(
    "GET",
    `wit/workitems?ids=${first.id}&fields=System.Id,System.Description,System.State`,
  );
  return value[0];
}

export async function reportDriftWorkItem(
  azure: AzureDevOps,
  settings: DriftWorkItemSettings,
  report: string,
  runUrl?: string,
  now = new Date(),
): Promise<{ action: "opened" | "updated" | "unchanged"; id: number }> {
  const description = driftDescription(settings.stack, report, runUrl, now);
  const existing = await openDriftWorkItem(azure, settings);
  if (!existing) {
    const created = await azure.request<WorkItem>(
      "POST",
      `wit/workitems/$${encodeURIComponent(settings.type)}`,
      [
        field("System.Title", driftIssueTitle(settings.stack)),
        field("System.Description", description),
        field("System.Tags", settings.tag),
      ],
      "application/json-patch+json",
    );
    return { action: "opened", id: created.id };
  }
  const changed = digestOf(existing.fields["System.Description"]) !== driftDigest(report);
  const run = runUrl ? ` (<a href="${escapeHtml(runUrl)}">run</a>)` : "";
  await patch(azure, existing.id, [
    field("System.Description", description),
    // A History entry is a discussion comment; only when the drift itself changed.
    ...(changed
      ? [
          field(
            "System.History",
            `The drift in stack <b>${escapeHtml(settings.stack)}</b> changed${run}; the description shows the latest preview.`,
          ),
        ]
      : []),
  ]);
  return { action: changed ? "updated" : "unchanged", id: existing.id };
}

export async function resolveDriftWorkItem(
  azure: AzureDevOps,
  settings: DriftWorkItemSettings,
  runUrl?: string,
): Promise<{ action: "closed" | "none"; id?: number }> {
  const existing = await openDriftWorkItem(azure, settings);
  if (!existing) return { action: "none" };
  const run = runUrl ? ` (<a href="${escapeHtml(runUrl)}">run</a>)` : "";
  await patch(azure, existing.id, [
    field("System.State", settings.closedState),
    field(
      "System.History",
      `No drift in stack <b>${escapeHtml(settings.stack)}</b> any more${run}. Closing.`,
    ),
  ]);
  return { action: "closed", id: existing.id };
}

interface Options {
  stack: string;
  reportFile?: string;
  resolved?: boolean;
  runUrl?: string;
  workItemType: string;
  closedState: string;
  tag: string;
}

export function command(): Command {
  return new Command("azure-drift-work-item")
    .description("Open, update or close the one Azure Boards work item about a stack's drift")
    .requiredOption("--stack <name>", "stack the check ran on")
    .option("--report-file <path>", "preview output of a check that found drift")
    .option("--resolved", "the check found no drift: close the stack's work item if one is open")
    .option("--run-url <url>", "link to the pipeline run")
    .option(
      "--work-item-type <type>",
      "work item type of the process (Issue, Bug, Impediment)",
      "Issue",
    )
    .option(
      "--closed-state <state>",
      "state that closes it (Basic: Done; Agile, Scrum, CMMI: Closed)",
      "Done",
    )
    .option("--tag <name>", "tag of drift work items", "drift")
    .exitOverride();
}

export async function main(argv: string[], env = process.env): Promise<number> {
  const cli = command();
  cli.parse(argv);
  const options = cli.opts<Options>();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(options.stack))
    throw new Error(`not a stack name: "${options.stack.slice(0, 40)}"`);
  const settings: DriftWorkItemSettings = {
    stack: options.stack,
    type: options.workItemType,
    closedState: options.closedState,
    tag: options.tag,
  };
  const azure = azureDevOpsFromEnv(env);
  if (options.resolved) {
    const result = await resolveDriftWorkItem(azure, settings, options.runUrl);
    console.log(
      result.action === "closed"
        ? `closed drift work item ${result.id}`
        : "no open drift work item",
    );
    return 0;
  }
  if (!options.reportFile)
    throw new Error("give --report-file with the preview output, or --resolved");
  const report = fs.readFileSync(options.reportFile, "utf8");
  const result = await reportDriftWorkItem(azure, settings, report, options.runUrl);
  console.log(`${result.action} drift work item ${result.id}`);
  return 0;
}

if (require.main === module) runMain((argv) => main(argv));
