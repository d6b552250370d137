import { startDay2Harness, type Day2Harness } from "./support/harness";
import { fraudModel, seedModel } from "./support/scenarios";
import type { ModelValidation, ValidateOutput } from "../../../cli/day2/json-output";

/**
 * validate-inference-table with a retention limit: the oldest row of each table against it,
 * measured over the stand-ins (rows in the local warehouse). Seeded rows span a day: a fresh
 * model's oldest row is about a day old, a stale one's about four days.
 */

let h: Day2Harness;

beforeAll(async () => {
  h = await startDay2Harness(
    { kept: fraudModel(), overdue: fraudModel(), unlimited: fraudModel() },
    {
      retention: { payloadDays: 2, processedDays: 2 },
      models: { unlimited: { retention: { payloadDays: "none", processedDays: "none" } } },
    },
  );
  await seedModel(h, "kept");
  await seedModel(h, "overdue", { payload: "stale", processed: "stale" });
  await seedModel(h, "unlimited", { payload: "stale", processed: "stale" });
});
afterAll(() => h.close());

async function validate(model: string): Promise<{ exitCode: number; result: ModelValidation }> {
  const run = await h.run(["validate-inference-table", "--stack", "dev", "-m", model, "--json"]);
  const output = run.json<ValidateOutput>();
  return { exitCode: run.exitCode, result: output.models[0] as ModelValidation };
}

const retention = (result: ModelValidation) =>
  result.checks.filter((c) => c.check.endsWith("-retention"));

it("passes rows within the limit and reports the oldest row's age", async () => {
  const { result } = await validate("kept");
  expect(retention(result)).toEqual([
    expect.objectContaining({ check: "processed-retention", status: "pass", limit: 2 }),
    expect.objectContaining({ check: "payload-retention", status: "pass", limit: 2 }),
  ]);
  expect(retention(result)[0]?.detail).toMatch(/^oldest row [01]\.\d days old \(limit 2 days\)$/);
});

it("fails rows past the limit and a day's grace, naming the job", async () => {
  const { exitCode, result } = await validate("overdue");
  expect(exitCode).toBe(1);
  const checks = retention(result);
  expect(checks.map((c) => [c.check, c.status])).toEqual([
    ["processed-retention", "fail"],
    ["payload-retention", "fail"],
  ]);
  expect(checks[0]?.value).toBeGreaterThan(3);
  expect(checks[0]?.detail).toMatch(
    /has job model-monitoring-dev-retention run; its schedule is paused/,
  );
});

it("has no retention check for a model that keeps every row", async () => {
  const { result } = await validate("unlimited");
  expect(retention(result)).toEqual([]);
});
