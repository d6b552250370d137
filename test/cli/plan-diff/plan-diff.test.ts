import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffPlans } from "../../../cli/plan-diff/diff-plans";
import { renderDiff } from "../../../cli/plan-diff/render-diff";
import { type StackPlan, planStack } from "../../../cli/plan/plan-stack";
import { PLAN_COMMENT_MARKER } from "../../../cli/plan/render-markdown";
import { main } from "../../../cli/main";
import { baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

/** Fixture pairs: the same project planned before and after one change, then compared. */

const fraud = baseModel({
  thresholds: [
    { column: "amount", statistic: "population_stability_index", value: 0.2, severity: "critical" },
  ],
});
const churn = baseModel({ registeredModel: "ml.models.churn" });
const roots: string[] = [];

async function planOf(
  models: Record<string, Record<string, unknown>>,
  stack: Record<string, unknown> = baseStack(),
): Promise<StackPlan[]> {
  const root = fixtureProject(models, { dev: stack });
  roots.push(root);
  const plan = await planStack(root, "dev");
  expect(plan.problems).toEqual([]);
  return [plan];
}

/** The comment without the folded head plan. */
const changesOf = (markdown: string) =>
  markdown.split("<details><summary>Full offline plan")[0] ?? "";

let basePlan: StackPlan[];

beforeAll(async () => {
  basePlan = await planOf({ fraud, churn });
}, 120_000);

afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

describe("plan-diff on fixture pairs", () => {
  it("shows one model's threshold change as one line, with the head plan folded", async () => {
    const head = await planOf({
      fraud: {
        ...fraud,
        thresholds: [
          {
            column: "amount",
            statistic: "population_stability_index",
            value: 0.3,
            severity: "critical",
          },
        ],
      },
      churn,
    });
    const markdown = renderDiff(diffPlans(basePlan, head), head);
    expect(markdown.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    const changes = changesOf(markdown);
    expect(changes).toMatch(
      /^- ✏️ \*\*fraud\*\*: threshold `amount` · population_stability_index \(CONSECUTIVE\) · critical: `> 0\.2` → `> 0\.3`$/m,
    );
    expect(changes.match(/^- /gm)).toHaveLength(1);
    expect(changes).toMatch(/^### dev: 0 added, 1 changed, 0 removed$/m);
    expect(changes).toMatch(/^Unchanged: churn\.$/m);
    expect(markdown).toMatch(
      /<details><summary>Full offline plan of the head<\/summary>[\s\S]*### ✅ dev: 2 model\(s\)/,
    );
  });

  it("lists an added model with its endpoint, thresholds, alerts and recipients", async () => {
    const scorer = baseModel({ registeredModel: "ml.models.scorer" });
    const head = await planOf({ fraud, churn, scorer });
    const changes = changesOf(renderDiff(diffPlans(basePlan, head), head));
    expect(changes).toMatch(
      /^- ➕ \*\*scorer\*\* added: endpoint `scorer-dev`, \d+ resources, \d+ thresholds, 2 alerts, recipients `team@example\.com`$/m,
    );
    expect(changes).toMatch(/^ {2}- ModelServing endpoint served: /m);
    expect(changes).toMatch(/^### dev: 1 added, 0 changed, 0 removed$/m);
  });

  it("lists a removed model with what stays in the workspace and what is protected", async () => {
    const head = await planOf({ fraud });
    const changes = changesOf(renderDiff(diffPlans(basePlan, head), head));
    expect(changes).toMatch(
      /^- ➖ \*\*churn\*\* removed: \d+ resources deleted; \d+ stay in the workspace \(retainOnDelete\)/m,
    );
    expect(changes).toMatch(/^ {2}- kept: .*`RegisteredModel registered-model`/m);
    expect(changes).not.toMatch(/✏️/);
  });

  it("shows a changed recipient once for every model it touches, before and after", async () => {
    const head = await planOf(
      { fraud, churn },
      baseStack({ alerting: { recipients: ["team@example.com", "oncall@example.com"] } }),
    );
    const changes = changesOf(renderDiff(diffPlans(basePlan, head), head));
    for (const model of ["churn", "fraud"])
      expect(changes).toContain(
        `- ✏️ **${model}**: NotificationDestination alerts-recipients recipients: \`team@example.com\` → \`oncall@example.com, team@example.com\`\n`,
      );
  });

  it("says so when nothing changes", async () => {
    const head = await planOf({ fraud, churn });
    const markdown = renderDiff(diffPlans(basePlan, head), head);
    expect(markdown).toMatch(/_No stack declares anything different from the base branch\._/);
    expect(changesOf(markdown)).toMatch(/^No changes\.$/m);
    expect(changesOf(markdown)).not.toMatch(/✏️|➕|➖/);
  });
});

describe("plan-diff on the command line", () => {
  it("reads two plan files and names a file that is not a plan", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mm-plan-diff-"));
    roots.push(dir);
    const [base, head, broken] = ["base.json", "head.json", "broken.json"].map((f) =>
      path.join(dir, f),
    );
    fs.writeFileSync(base as string, JSON.stringify(basePlan));
    fs.writeFileSync(head as string, JSON.stringify(basePlan[0]));
    fs.writeFileSync(broken as string, JSON.stringify([{ stack: "dev" }]));
    let out = "";
    let err = "";
    const io = {
      stdout: (t: string) => (out += t),
      stdoutIsTty: false,
      stderr: { write: (t: string) => (err += t) },
      env: {},
    };
    const argv = (...args: string[]) => ["node", "model-monitoring", "plan-diff", ...args];
    expect(await main(argv("--base", base as string, "--head", head as string), io)).toBe(0);
    expect(out).toMatch(/_No stack declares anything different/);
    out = "";
    expect(
      await main(argv("--base", broken as string, "--head", path.join(dir, "none.json")), io),
    ).toBe(2);
    expect(err).toMatch(/broken\.json: \[0\] is not a stack plan/);
    expect(err).toMatch(/none\.json: cannot read it/);
    expect(out).toBe("");
  });
});
