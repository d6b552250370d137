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

  it("fits the shipped stacks into one GitHub comment", async () => {
    const { output } = await runPlan({ root: REPO_ROOT, all: true, markdown: true, sql: false });
    expect(output.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(commentBody(output, PLAN_COMMENT_MARKER)).toBe(output);
  });
});
