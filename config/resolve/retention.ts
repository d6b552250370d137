import { longestGranularity, minimumPayloadDays, minimumProcessedDays } from "../../core/retention";
import type { Granularity } from "../../core/enums";
import type { RetentionSpec, ScheduleSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { RetentionDays, RetentionLimits, StackRetention } from "../schema/retention";
import { STACK_NAMESPACE } from "../schema/stack";

/**
 * One model's retention: each limit from the stack's per-model override, else the stack's
 * `retention`, else keep (`none`). Refuses a limit under what the monitoring needs
 * (core/retention.ts), naming the file and the key that set it.
 */

const STACK_KEY = `${STACK_NAMESPACE}retention`;

export interface RetentionInput {
  name: string;
  stackFile: string;
  /** The stack's retention with its defaults. */
  stack: StackRetention;
  /** `models.<name>.retention` as the stack file states it. */
  override: RetentionLimits | undefined;
  /** The stack's schedule settings (time zone, pause switch). */
  schedules: { timezone: string; paused: boolean };
  /** Who hears of a failed run when the retention names nobody. */
  fallbackFailureEmails: readonly string[];
  granularities: readonly Granularity[];
  labelLookbackDays?: number;
  lateArrivalHours: number;
}

type LimitKey = "payloadDays" | "processedDays";

function limit(input: RetentionInput, key: LimitKey): { days: number | null; path: string } {
  const own = input.override?.[key];
  const value: RetentionDays = own ?? input.stack[key];
  const path =
    own === undefined
      ? `${STACK_KEY}.${key}`
      : `${STACK_NAMESPACE}models.${input.name}.retention.${key}`;
  return { days: value === "none" ? null : value, path };
}

export function resolveRetention(input: RetentionInput): {
  retention: RetentionSpec;
  problems: ConfigProblem[];
} {
  const floors = {
    granularities: input.granularities,
    lateArrivalHours: input.lateArrivalHours,
    ...(input.labelLookbackDays === undefined
      ? {}
      : { labelLookbackDays: input.labelLookbackDays }),
  };
  const payload = limit(input, "payloadDays");
  const processed = limit(input, "processedDays");
  const problems: ConfigProblem[] = [];
  const labels =
    input.labelLookbackDays === undefined
      ? ""
      : ` + ${input.labelLookbackDays} days of label look-back`;
  const processedFloor = minimumProcessedDays(floors);
  if (processed.days !== null && processed.days < processedFloor)
    problems.push({
      file: input.stackFile,
      path: processed.path,
      message: `${processed.days} days of processed rows would starve the monitor of model "${input.name}": it needs at least ${processedFloor} (its longest granularity "${longestGranularity(input.granularities)}"${labels} + 1 day until the next refresh); use ${processedFloor} or more, or none`,
    });
  const payloadFloor = minimumPayloadDays(floors);
  if (payload.days !== null && payload.days < payloadFloor)
    problems.push({
      file: input.stackFile,
      path: payload.path,
      message: `${payload.days} days of payload rows would delete rows the processed-table refresh of model "${input.name}" still re-reads: it needs at least ${payloadFloor} (${input.lateArrivalHours} hours of late arrivals${labels} + 1 day until the next refresh); use ${payloadFloor} or more, or none`,
    });
  const schedule: ScheduleSpec = {
    cron: input.stack.schedule,
    timezone: input.schedules.timezone,
    paused: input.schedules.paused,
  };
  const failureEmails = input.stack.failureEmails ?? [...input.fallbackFailureEmails];
  return {
    retention: {
      payloadDays: payload.days,
      processedDays: processed.days,
      schedule,
      failureEmails,
    },
    problems,
  };
}
