import * as fs from "node:fs";
import { syntheticProject } from "../../bench/synthetic-project";
import { runPlan } from "../../cli/plan/command";
import { PLAN_COMMENT_MARKER } from "../../cli/plan/render-markdown";
import { MAX_COMMENT_CHARS, commentBody } from "../../scripts/upsert-pr-comment";
import { REPO_ROOT } from "../helpers/fixture-project";

/** The PR comment the workflow posts: `plan --all --markdown --no-sql`. */

describe("the offline plan comment", () => {
  it("leaves the generated SQL out but keeps the policies and the notes", async () => {
    const { output } = await runPlan({ root: REPO_ROOT, all: true, markdown: true, sql: false });
    expect(output).not.toMatch(/```sql|Generated SQL/);
    expect(output.match(/^\*\*Policies:\*\*/gm)).toHaveLength(3);
    expect(output).toMatch(/^> forecasting is monitored as PROBLEM_TYPE_REGRESSION/m);
  });

  it("summarises the resource tables when a large project would not fit, keeping every headline", async () => {
    const root = syntheticProject(40);
    try {
      const full = await runPlan({ root, all: true, markdown: true, sql: false });
      expect(full.output.length).toBeGreaterThan(60_000);
      const fitted = await runPlan({
        root,
        all: true,
        markdown: true,
        sql: false,
        maxChars: 60_000,
      });
      expect(fitted.output.length).toBeLessThanOrEqual(60_000);
      expect(fitted.output).toMatch(/^### ✅ dev: 40 model\(s\)/m);
      expect(fitted.output).toMatch(/Resources \(counts: the per-resource table did not fit\)/);
      expect(fitted.output).toMatch(/^\| `databricks:index\/modelServing:ModelServing` \| 40 \|$/m);
      expect(fitted.output).toMatch(/^\*\*Policies:\*\*/m);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("fits the shipped stacks into one GitHub comment", async () => {
    const { output } = await runPlan({ root: REPO_ROOT, all: true, markdown: true, sql: false });
    expect(output.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(commentBody(output, PLAN_COMMENT_MARKER)).toBe(output);
  });
});
