import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture, onlyProblem, problemsOf } from "../helpers/load";

/** Retention: stack default, per-model override, `none`, and the refusals. */

const STACK_FILE = "Pulumi.dev.yaml";
const labelled = baseModel({
  label: { name: "was_fraud", type: "int", categorical: true },
  labels: { table: "ml.labels.fraud", keyColumn: "id", labelColumn: "label", lookbackDays: 14 },
});

it("keeps every row when nothing is set", () => {
  const [spec] = loadFixture().models;
  expect(spec?.retention).toMatchObject({ payloadDays: null, processedDays: null });
});

it("takes the stack's limits, and a model's override wins value by value; none keeps", () => {
  const { models } = loadFixture(
    { fraud: baseModel(), other: baseModel({ registeredModel: "ml.models.other" }) },
    baseStack({
      retention: { payloadDays: 30, processedDays: 90, failureEmails: ["dpo@example.com"] },
      schedules: { timezone: "Europe/Amsterdam", paused: false },
      models: { other: { retention: { processedDays: "none" } } },
    }),
  );
  const byName = Object.fromEntries(models.map((m) => [m.name, m.retention]));
  expect(byName.fraud).toEqual({
    payloadDays: 30,
    processedDays: 90,
    schedule: { cron: "0 0 3 * * ?", timezone: "Europe/Amsterdam", paused: false },
    failureEmails: ["dpo@example.com"],
  });
  expect(byName.other).toMatchObject({ payloadDays: 30, processedDays: null });
});

it("falls back to the model's monitor failure emails", () => {
  const [spec] = loadFixture(
    { fraud: baseModel({ monitor: { failureEmails: ["ml@example.com"] } }) },
    baseStack({ retention: { processedDays: 30 } }),
  ).models;
  expect(spec?.retention.failureEmails).toEqual(["ml@example.com"]);
});

it("refuses processed rows kept shorter than the longest granularity plus the label look-back", () => {
  const problem = onlyProblem(
    problemsOf(
      { fraud: { ...labelled, monitor: { granularities: ["1 day", "1 week"] } } },
      baseStack({ models: { fraud: { retention: { processedDays: 21 } } } }),
    ),
  );
  expect(problem.file).toBe(STACK_FILE);
  expect(problem.path).toBe("model-monitoring:models.fraud.retention.processedDays");
  expect(problem.message).toMatch(
    /starve the monitor .*at least 22 .*"1 week" \+ 14 days of label look-back/,
  );
});

it("refuses payload rows kept shorter than the refresh re-reads, naming the stack key", () => {
  const problems = problemsOf(
    { fraud: labelled },
    baseStack({ retention: { payloadDays: 7, processedDays: 16 } }),
  );
  expect(problems).toEqual([
    expect.objectContaining({
      file: STACK_FILE,
      path: "model-monitoring:retention.payloadDays",
      message: expect.stringMatching(/at least 15/),
    }),
  ]);
});

it("lists every bad value at once: not a whole number, not a known word", () => {
  const problems = problemsOf(
    { fraud: baseModel() },
    baseStack({ retention: { payloadDays: 2.5, processedDays: "forever" } }),
  );
  expect(problems.map((p) => p.path).sort()).toEqual([
    "model-monitoring:retention.payloadDays",
    "model-monitoring:retention.processedDays",
  ]);
  expect(problems[0]?.message).toMatch(/whole number of days from 1 to 3650, or none/);
});
