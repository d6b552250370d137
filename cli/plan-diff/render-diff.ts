import { PLAN_COMMENT_MARKER, renderMarkdown } from "../plan/render-markdown";
import type { StackPlan } from "../plan/plan-stack";
import type { StackDiff } from "./diff-plans";
import { plain } from "./markdown-text";

/**
 * The diff as a pull-request comment. To fit `maxChars`, detail is dropped step by step and the
 * comment says what was dropped: first the head plan's resource tables (counts instead), then
 * the whole head plan, then added and removed models' resource lists, then the names of
 * unchanged models. Change lines are never dropped; a change repeated in three or more models
 * of a stack is written once with the models' names.
 */

/** GitHub rejects comments over 65,536 characters; upsert-pr-comment cuts at 65,000. */
export const DEFAULT_MAX_CHARS = 65_000;

interface Level {
  plan: "full" | "counts" | "none";
  modelDetails: boolean;
  unchangedNames: boolean;
  dropped: string[];
}

const LEVELS: Level[] = [
  { plan: "full", modelDetails: true, unchangedNames: true, dropped: [] },
  {
    plan: "counts",
    modelDetails: true,
    unchangedNames: true,
    dropped: ["the head plan's per-resource tables (counts instead)"],
  },
  { plan: "none", modelDetails: true, unchangedNames: true, dropped: ["the full head plan"] },
  {
    plan: "none",
    modelDetails: false,
    unchangedNames: true,
    dropped: ["the full head plan", "the resource lists of added and removed models"],
  },
  {
    plan: "none",
    modelDetails: false,
    unchangedNames: false,
    dropped: [
      "the full head plan",
      "the resource lists of added and removed models",
      "the names of unchanged models",
    ],
  },
];

const SHARED_AT = 3;

function changedLines(diff: StackDiff): string[] {
  const count = new Map<string, string[]>();
  for (const model of diff.changed)
    for (const line of new Set(model.lines))
      count.set(line, [...(count.get(line) ?? []), model.name]);
  const shared = [...count].filter(([, models]) => models.length >= SHARED_AT);
  const sharedSet = new Set(shared.map(([line]) => line));
  const lines = shared.map(
    ([line, models]) =>
      `- ✏️ in ${models.length} models (${models.map(plain).join(", ")}): ${line}`,
  );
  for (const model of diff.changed) {
    const own = model.lines.filter((line) => !sharedSet.has(line));
    if (own.length === 0) continue;
    if (own.length === 1) lines.push(`- ✏️ **${plain(model.name)}**: ${own[0]}`);
    else lines.push(`- ✏️ **${plain(model.name)}**`, ...own.map((line) => `  - ${line}`));
  }
  return lines;
}

function stackSection(diff: StackDiff, level: Level): string[] {
  const counts = `${diff.added.length} added, ${diff.changed.filter((c) => c.name !== "(stack-wide)").length} changed, ${diff.removed.length} removed`;
  const head =
    diff.status === "compared"
      ? `### ${plain(diff.stack)}: ${counts}`
      : `### ${plain(diff.stack)}: stack ${diff.status}, ${counts}`;
  const lines = [head, ""];
  if (diff.problems.length > 0)
    lines.push("❌ Problems:", "", ...diff.problems.map((p) => `- ${p}`), "");
  for (const model of diff.added) {
    lines.push(`- ➕ **${plain(model.name)}** added: ${model.summary}`);
    if (level.modelDetails) lines.push(...model.details.map((d) => `  - ${d}`));
  }
  lines.push(...changedLines(diff));
  for (const model of diff.removed) {
    lines.push(`- ➖ **${plain(model.name)}** removed: ${model.summary}`);
    if (level.modelDetails) lines.push(...model.details.map((d) => `  - ${d}`));
  }
  const nothing = diff.added.length + diff.changed.length + diff.removed.length === 0;
  if (nothing && diff.problems.length === 0) lines.push("No changes.");
  if (diff.unchanged.length > 0)
    lines.push(
      "",
      level.unchangedNames
        ? `Unchanged: ${diff.unchanged.map(plain).join(", ")}.`
        : `Unchanged: ${diff.unchanged.length} model(s).`,
    );
  return [...lines, ""];
}

function headPlan(plans: StackPlan[], level: Level): string[] {
  if (level.plan === "none") return [];
  const markdown = renderMarkdown(plans, {
    sql: false,
    maxChars: level.plan === "full" ? Infinity : 0,
  })
    .split("\n")
    .filter((line) => line !== PLAN_COMMENT_MARKER && line !== "## Offline plan");
  return [
    "<details><summary>Full offline plan of the head</summary>",
    "",
    ...markdown,
    "",
    "</details>",
  ];
}

function render(diffs: StackDiff[], head: StackPlan[], level: Level): string {
  const changes = diffs.reduce(
    (n, d) => n + d.added.length + d.changed.length + d.removed.length,
    0,
  );
  return [
    PLAN_COMMENT_MARKER,
    "## Offline plan: changes against the base branch",
    "",
    changes === 0
      ? "_No stack declares anything different from the base branch._"
      : "_What `pulumi up` would declare differently from the base branch, per stack and model (offline: no credentials, no workspace)._",
    "",
    ...diffs.flatMap((d) => stackSection(d, level)),
    ...(level.dropped.length > 0
      ? [
          `_Left out to fit GitHub's comment limit: ${level.dropped.join("; ")}. The workflow run's summary and artifact have the full plan._`,
          "",
        ]
      : []),
    ...headPlan(head, level),
  ].join("\n");
}

export function renderDiff(
  diffs: StackDiff[],
  head: StackPlan[],
  maxChars: number = DEFAULT_MAX_CHARS,
): string {
  let text = "";
  for (const level of LEVELS) {
    text = render(diffs, head, level);
    if (text.length <= maxChars) return text;
  }
  // Only the change lines are left and they do not fit: say so rather than let the poster cut.
  const note = `\n\n_The change lines alone exceed ${maxChars} characters: the rest is in the workflow run's artifact._`;
  return text.slice(0, Math.max(0, maxChars - note.length)) + note;
}
