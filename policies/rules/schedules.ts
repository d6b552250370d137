import { quartzCronProblems } from "../../config/quartz-cron";
import { isKnownTimeZone } from "../../config/time-zones";
import { TYPES } from "../resource-types";
import { type Finding, type PolicyRule, findingOn } from "../rule";
import { type PolicySubject, inputAt, isUnknown, ofType } from "../subject";

/** Monitor, job and alert schedules are valid Quartz cron with a known time zone. */

/** Where each type keeps its schedule; AlertV2 names the cron field differently. */
const SCHEDULES: { type: string; cronField: string; required: boolean }[] = [
  { type: TYPES.qualityMonitor, cronField: "quartzCronExpression", required: false },
  { type: TYPES.job, cronField: "quartzCronExpression", required: false },
  { type: TYPES.alertV2, cronField: "quartzCronSchedule", required: true },
];

const PAUSE_STATUSES = ["PAUSED", "UNPAUSED"];

function scheduleProblems(schedule: unknown, cronField: string): string[] {
  const problems: string[] = [];
  const cron = inputAt(schedule, cronField);
  if (typeof cron !== "string") problems.push(`no ${cronField}`);
  else if (!isUnknown(cron))
    problems.push(...quartzCronProblems(cron).map((p) => `${cronField} "${cron}": ${p}`));
  const zone = inputAt(schedule, "timezoneId");
  if (typeof zone !== "string") problems.push("no timezoneId");
  else if (!isUnknown(zone) && !isKnownTimeZone(zone))
    problems.push(`timezoneId "${zone}" is not a known time zone`);
  const pause = inputAt(schedule, "pauseStatus");
  if (pause !== undefined && !isUnknown(pause) && !PAUSE_STATUSES.includes(String(pause))) {
    problems.push(`pauseStatus "${String(pause)}" is not one of ${PAUSE_STATUSES.join(", ")}`);
  }
  return problems;
}

function checkResource(resource: PolicySubject, cronField: string, required: boolean): Finding[] {
  const schedule = inputAt(resource.inputs, "schedule");
  if (isUnknown(schedule)) return [];
  if (schedule === undefined) {
    return required ? [findingOn(resource, `${resource.name} has no schedule`)] : [];
  }
  return scheduleProblems(schedule, cronField).map((p) =>
    findingOn(resource, `${resource.name} schedule: ${p}`),
  );
}

export const validSchedules: PolicyRule = {
  id: "valid-schedules",
  description:
    "Monitor, job and alert schedules are valid Quartz cron expressions with a known time zone.",
  check(resources) {
    return SCHEDULES.flatMap(({ type, cronField, required }) =>
      ofType(resources, type).flatMap((resource) => checkResource(resource, cronField, required)),
    );
  },
};
