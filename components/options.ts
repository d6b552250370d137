import type * as pulumi from "@pulumi/pulumi";
import { BUILT_IN } from "../core/defaults";

/** A Quartz schedule: six or seven fields, e.g. `0 0 6 * * ?` (06:00 daily). */
export interface ScheduleArgs {
  cron: pulumi.Input<string>;
  /** IANA time-zone id; default UTC. */
  timezone?: pulumi.Input<string>;
  /** Created paused (dev stacks); default false. */
  paused?: boolean;
}

/** Resource options for anything that holds data: when protected, also retained on delete. */
export function dataResourceOptions(
  protectData: boolean | undefined,
): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  return protectData === true ? { protect: true, retainOnDelete: true } : {};
}

export function pauseStatus(schedule: ScheduleArgs): "PAUSED" | "UNPAUSED" {
  return schedule.paused === true ? "PAUSED" : "UNPAUSED";
}

/** The time zone of a schedule, UTC when it names none. */
export function timezoneOf(schedule: ScheduleArgs): pulumi.Input<string> {
  return schedule.timezone ?? BUILT_IN.timezone;
}

/**
 * Throws one error naming the component and every problem with its arguments, or returns. Each
 * component checks what it can before it declares anything, so a wrong call fails at once and
 * whole, not halfway through a deployment.
 */
export function rejectProblems(component: string, name: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new Error(`${component} ${name}: invalid arguments:\n- ${problems.join("\n- ")}`);
}

/** The keys of `value` that are set: an argument given as `undefined` takes its default. */
export function givenOnly<T extends object>(value: T | undefined): Partial<T> {
  const given: Partial<T> = {};
  for (const key of Object.keys(value ?? {}) as (keyof T)[]) {
    if (value?.[key] !== undefined) given[key] = value[key];
  }
  return given;
}
