import { runPlan } from "../../../cli/plan/command";
import { COMPONENT_TYPES } from "../../../core/type-tokens";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

/** Issue 16: the plan shows each model's retention limits, the job's schedule and its SQL. */

async function planOf(stack: Record<string, unknown>) {
  const root = fixtureProject({ fraud: baseModel() }, { dev: baseStack(stack) });
  const json = await runPlan({ root, stack: "dev", json: true });
  const text = await runPlan({ root, stack: "dev", sql: true });
  return { plan: JSON.parse(json.output) as StackPlan, text: text.output };
}

describe("retention in the plan", () => {
  it("says nothing of retention, and plans no job, when every limit keeps rows", async () => {
    const { plan, text } = await planOf({});
    expect(plan.models[0]?.notes.filter((n) => n.startsWith("retention:"))).toEqual([]);
    expect(plan.resources.filter((r) => r.type === COMPONENT_TYPES.Retention)).toEqual([]);
    expect(text).not.toMatch(/retention/i);
  });

  it("shows the limits, the schedule, the first-run warning and the job's SQL per model", async () => {
    const { plan, text } = await planOf({
      retention: { payloadDays: 90, processedDays: 120, schedule: "0 0 2 * * ?" },
      // The per-model override of one limit.
      models: { fraud: { retention: { payloadDays: 60 } } },
    });
    expect(plan.problems).toEqual([]);
    const notes = plan.models[0]?.notes.filter((n) => n.startsWith("retention:")) ?? [];
    expect(notes).toEqual([
      expect.stringMatching(
        /^retention: processed rows older than 120 days and payload rows older than 60 days \(by request_time\) are deleted by job model-monitoring-dev-retention at 0 0 2 \* \* \? \S+/,
      ),
      expect.stringMatching(
        /first run after a new or shortened limit deletes at once every row older than it/,
      ),
    ]);
    const sql = plan.models[0]?.sql.find((s) => s.title.startsWith("retention of "));
    expect(sql?.title).toMatch(/_processed and .*_payload \(the retention job's SQL file\)$/);
    expect(sql?.statement).toMatch(/DELETE FROM .*_processed`\n.*make_dt_interval\(120\)/);
    expect(sql?.statement).toMatch(/DELETE FROM .*_payload`\n.*make_dt_interval\(60\)/);
    expect(plan.resources.filter((r) => r.type === COMPONENT_TYPES.Retention)).toHaveLength(1);
    expect(text).toContain("note (fraud): retention: processed rows older than 120 days");
    expect(text).toContain("retention of ");
  });

  it("creates the job paused where the stack's schedules are paused, and says so", async () => {
    const { plan } = await planOf({
      retention: { payloadDays: 30, processedDays: "none" },
      schedules: { paused: true },
    });
    expect(plan.problems).toEqual([]);
    const [first] = plan.models[0]?.notes.filter((n) => n.startsWith("retention:")) ?? [];
    expect(first).toMatch(/^retention: payload rows older than 30 days .*\(created PAUSED\)/);
  });
});
