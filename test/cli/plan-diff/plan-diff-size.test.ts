import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { syntheticProject } from "../../../bench/synthetic-project";
import { diffPlans } from "../../../cli/plan-diff/diff-plans";
import { DEFAULT_MAX_CHARS, renderDiff } from "../../../cli/plan-diff/render-diff";
import { readPlans } from "../../../cli/plan-diff/read-plans";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { runCliProcess } from "../../helpers/cli-process";

/**
 * 100 synthetic models (dev stack), with many changes: new recipients for every model, a
 * threshold changed in each of 90 models, 5 models removed and 5 added. The comment fits
 * GitHub's limit, keeps every change line and says what it left out.
 */

const COUNT = 100;
let base = "";
let head = "";

function editModel(root: string, name: string, edit: (model: Record<string, unknown>) => void) {
  const file = path.join(root, "models", `${name}.yaml`);
  const model = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(model);
  fs.writeFileSync(file, yaml.dump(model));
}

beforeAll(() => {
  base = syntheticProject(COUNT);
  head = fs.mkdtempSync(path.join(os.tmpdir(), "mm-plan-diff-head-"));
  fs.cpSync(base, head, { recursive: true });
  const stackFile = path.join(head, "Pulumi.dev.yaml");
  const stack = yaml.load(fs.readFileSync(stackFile, "utf8")) as {
    config: Record<string, unknown>;
  };
  stack.config["model-monitoring:alerting"] = {
    recipients: ["ml-team@example.com", "oncall@example.com"],
  };
  fs.writeFileSync(stackFile, yaml.dump(stack));
  for (let i = 0; i < 90; i++)
    editModel(head, `synthetic-${i}`, (model) => {
      model.thresholds = [
        {
          column: "f_amount",
          statistic: "population_stability_index",
          value: 0.3 + i / 1000,
          severity: "critical",
        },
      ];
    });
  for (let i = 90; i < 95; i++) fs.rmSync(path.join(head, "models", `synthetic-${i}.yaml`));
  for (let i = 100; i < 105; i++) {
    fs.copyFileSync(
      path.join(base, "models", "synthetic-0.yaml"),
      path.join(head, "models", `synthetic-${i}.yaml`),
    );
    editModel(
      head,
      `synthetic-${i}`,
      (model) => (model.registeredModel = `ml.models.synthetic_${i}`),
    );
  }
});

/**
 * The plan of a project as the PR workflow makes it: `plan --json --no-sql` in its own process
 * (two 100-model plans held in this test process would take about 2 GB of it).
 */
function planOf(root: string): StackPlan[] {
  const out = path.join(root, "plan.json");
  fs.writeFileSync(
    out,
    runCliProcess(["plan", "--root", root, "--stack", "dev", "--json", "--no-sql"]),
  );
  return readPlans(out);
}

afterAll(() => {
  for (const root of [base, head]) if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("plan-diff at 100 models", () => {
  it("fits one GitHub comment with every change line and says what it left out", async () => {
    const basePlan = planOf(base);
    const headPlan = planOf(head);
    expect(headPlan[0]?.problems).toEqual([]);
    const markdown = renderDiff(diffPlans(basePlan, headPlan), headPlan);
    expect(markdown.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
    for (let i = 0; i < 90; i++)
      expect(markdown).toContain(
        `- ✏️ **synthetic-${i}**: threshold \`f_amount\` · population_stability_index (CONSECUTIVE) · critical: \`> 0.25\` → \`> ${0.3 + i / 1000}\`\n`,
      );
    // The recipients changed for all 95 models the stack keeps: one line naming them.
    expect(markdown).toMatch(
      /^- ✏️ in 95 models \(synthetic-0, .*\): NotificationDestination alerts-recipients recipients: `ml-team@example\.com` → `ml-team@example\.com, oncall@example\.com`$/m,
    );
    for (let i = 90; i < 95; i++)
      expect(markdown).toMatch(new RegExp(`^- ➖ \\*\\*synthetic-${i}\\*\\* removed: `, "m"));
    for (let i = 100; i < 105; i++)
      expect(markdown).toMatch(new RegExp(`^- ➕ \\*\\*synthetic-${i}\\*\\* added: `, "m"));
    // Detail goes first (the head plan's tables, then the whole head plan), and the comment says so.
    expect(markdown).toMatch(
      /^_Left out to fit GitHub's comment limit: .*(per-resource tables|the full head plan)/m,
    );
  }, 240_000);
});
