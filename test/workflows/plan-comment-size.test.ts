import * as fs from "node:fs";
import { syntheticProject } from "../../bench/synthetic-project";
import { runPlan } from "../../cli/plan/command";
import { PLAN_COMMENT_MARKER } from "../../cli/plan/render-markdown";
import { MAX_COMMENT_CHARS, commentBody } from "../../scripts/upsert-pr-comment";
import { runCliProcess } from "../helpers/cli-process";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * The PR comment the workflow posts: `plan --all --markdown --no-sql`. The 40-model plans run in
 * their own processes, as the workflow runs them (in this process they held about 1.8 GB).
 */

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
      const planArgs = ["plan", "--root", root, "--all", "--markdown", "--no-sql"];
      const full = runCliProcess(planArgs);
      expect(full.length).toBeGreaterThan(60_000);
      const fitted = runCliProcess([...planArgs, "--max-chars", "60000"]);
      expect(fitted.length).toBeLessThanOrEqual(60_000);
      expect(fitted).toMatch(/^### ✅ dev: 40 model\(s\)/m);
      expect(fitted).toMatch(/Resources \(counts: the per-resource table did not fit\)/);
      expect(fitted).toMatch(/^\| `databricks:index\/modelServing:ModelServing` \| 40 \|$/m);
      expect(fitted).toMatch(/^\*\*Policies:\*\*/m);
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
