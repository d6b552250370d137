import { quartzCronProblems } from "../../config/quartz-cron";

describe("quartzCronProblems", () => {
  it.each([
    "0 0 6 * * ?",
    "0 */15 * * * ?",
    "0 0 6 ? * MON-FRI",
    "0 30 4 ? * 2,4,6",
    "0 0 12 L * ?",
    "0 0 9 ? * 6#3",
    "0 0 0 1 JAN ? 2027",
    "0 0 8 15W * ?",
  ])("accepts %s", (expression) => {
    expect(quartzCronProblems(expression)).toEqual([]);
  });

  it.each([
    ["0 6 * * *", /expected 6 or 7 fields/],
    ["0 0 6 * * MON", /exactly one of day-of-month and day-of-week/],
    ["0 0 6 ? * ?", /exactly one of day-of-month and day-of-week/],
    ["60 0 6 * * ?", /seconds: "60" is outside 0-59/],
    ["0 0 24 * * ?", /hours: "24" is outside 0-23/],
    ["0 0 6 32 * ?", /day-of-month: "32" is outside 1-31/],
    ["0 0 6 ? FOO *", /month: "FOO" is outside 1-12 or JAN-DEC/],
    ["0 */0 * * * ?", /step "0" must be a positive whole number/],
    ["? 0 6 * * ?", /seconds: "\?" is only allowed/],
    ["0 0 6 * * ? 1800", /year: "1800" is outside/],
  ])("rejects %s", (expression, problem) => {
    expect(quartzCronProblems(expression).join("\n")).toMatch(problem);
  });
});
