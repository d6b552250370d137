import { runPlan } from "../../cli/plan/command";
import type { StackPlan } from "../../cli/plan/plan-stack";
import { renderMarkdown } from "../../cli/plan/render-markdown";
import { renderText } from "../../cli/plan/render-text";
import { REPO_ROOT, baseModel, baseStack, fixtureProject } from "../helpers/fixture-project";

/** The guardrails as the offline plan applies them: printed, and failing it when mandatory. */

describe("policies in the offline plan", () => {
  it("finds no mandatory violation in any shipped stack", async () => {
    const { exitCode, output } = await runPlan({ root: REPO_ROOT, all: true, json: true });
    const plans = JSON.parse(output) as StackPlan[];
    expect(plans.map((p) => [p.stack, p.policies?.mandatory])).toEqual([
      ["acc", 0],
      ["dev", 0],
      ["prod", 0],
    ]);
    expect(exitCode).toBe(0);
  });

  it("fails the plan on a mandatory violation and prints it, in text and Markdown", async () => {
    const root = fixtureProject(
      { fraud: baseModel() },
      { prod: baseStack({ catalog: "ml_prod", protectData: false }) },
    );
    const text = await runPlan({ root, stack: "prod", sql: false });
    expect(text.exitCode).toBe(1);
    expect(text.output).toMatch(
      /^Policies: 2 mandatory, \d+ advisory violation\(s\) of 11 rules$/m,
    );
    expect(text.output).toMatch(
      /^ {2}mandatory {2}prod-data-protected: fraud-inference-processed holds data but lacks protect and retainOnDelete$/m,
    );
    expect(text.output).toMatch(
      /^ {2}mandatory {2}prod-data-protected: fraud-\S*thresholds\S* holds data but lacks protect and retainOnDelete$/m,
    );

    const markdown = await runPlan({ root, stack: "prod", markdown: true });
    expect(markdown.exitCode).toBe(1);
    expect(markdown.output).toMatch(/^### ❌ prod: 1 model\(s\)/m);
    expect(markdown.output).toMatch(
      /^\| ❌ mandatory \| `prod-data-protected` \| fraud-inference-processed holds data/m,
    );
  });

  it("passes the same model in dev, where data need not be protected", async () => {
    const root = fixtureProject({ fraud: baseModel() }, { dev: baseStack({ protectData: false }) });
    const { exitCode, output } = await runPlan({ root, stack: "dev", json: true });
    expect(exitCode).toBe(0);
    expect((JSON.parse(output) as StackPlan).policies?.mandatory).toBe(0);
  });

  it("prints advisory violations without marking the stack failed", () => {
    const plan: StackPlan = {
      stack: "dev",
      ok: true,
      problems: [],
      resources: [],
      models: [],
      summary: { models: 0, resources: 0, protectedResources: 0, byType: {} },
      policies: {
        rules: [{ id: "endpoint-alert", enforcement: "advisory" }],
        violations: [
          {
            rule: "endpoint-alert",
            enforcement: "advisory",
            message: "endpoint fraud-dev has no AlertV2",
          },
        ],
        mandatory: 0,
        advisory: 1,
      },
    };
    expect(renderText(plan, { sql: false })).toMatch(
      /^ {2}advisory {3}endpoint-alert: endpoint fraud-dev has no AlertV2$/m,
    );
    const markdown = renderMarkdown([plan]);
    expect(markdown).toMatch(/^### ✅ dev:/m);
    expect(markdown).toMatch(
      /^\| ⚠️ advisory \| `endpoint-alert` \| endpoint fraud-dev has no AlertV2 \|$/m,
    );
  });
});
