import { validSchedules } from "../../policies/rules/schedules";
import { UNKNOWN, context, monitoredModel, withInputs } from "./fixtures";

const check = (...resources: Parameters<typeof validSchedules.check>[0]) =>
  validSchedules.check(resources, context("dev")).map((f) => f.message);

describe("valid-schedules", () => {
  it("passes valid monitor, job and alert schedules", () => {
    expect(validSchedules.check(monitoredModel().all, context("dev"))).toEqual([]);
  });

  it("fails a monitor cron that is not Quartz (five-field Unix cron)", () => {
    const m = monitoredModel();
    expect(
      check(withInputs(m.monitor, { schedule: { quartzCronExpression: "0 4 * * *" } })),
    ).toEqual([
      expect.stringContaining(
        'churn-monitor schedule: quartzCronExpression "0 4 * * *": expected 6 or 7 fields',
      ),
    ]);
  });

  it("fails a job cron with both day fields set and an unknown time zone", () => {
    const m = monitoredModel();
    const job = withInputs(m.job, {
      schedule: { quartzCronExpression: "0 0 4 * * MON", timezoneId: "Mars/Olympus" },
    });
    expect(check(job)).toEqual([
      expect.stringContaining('exactly one of day-of-month and day-of-week must be "?"'),
      expect.stringContaining('timezoneId "Mars/Olympus" is not a known time zone'),
    ]);
  });

  it("reads the alert's cron from quartzCronSchedule and requires an alert schedule", () => {
    const m = monitoredModel();
    const wrongField = withInputs(m.alert, {
      schedule: { quartzCronSchedule: null, quartzCronExpression: "0 30 4 * * ?" },
    });
    expect(check(wrongField)).toEqual([expect.stringContaining("no quartzCronSchedule")]);
    expect(check(withInputs(m.alert, { schedule: null }))).toEqual([
      "churn-drift-critical has no schedule",
    ]);
  });

  it("fails an unknown pause status", () => {
    const m = monitoredModel();
    expect(check(withInputs(m.job, { schedule: { pauseStatus: "STOPPED" } }))).toEqual([
      expect.stringContaining('pauseStatus "STOPPED" is not one of PAUSED, UNPAUSED'),
    ]);
  });

  it("does not require a schedule on monitors and jobs, and skips values known only after apply", () => {
    const m = monitoredModel();
    expect(
      check(withInputs(m.monitor, { schedule: null }), withInputs(m.job, { schedule: UNKNOWN })),
    ).toEqual([]);
    expect(
      check(
        withInputs(m.alert, { schedule: { quartzCronSchedule: UNKNOWN, timezoneId: UNKNOWN } }),
      ),
    ).toEqual([]);
  });
});
