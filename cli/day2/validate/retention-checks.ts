import type { ModelSpec } from "../../../config/model-spec";
import { retentionJobName } from "../../../core/retention";
import type { ValidationCheck } from "../json-output";
import type { InferenceStatsRow } from "./inference-stats-sql";

/**
 * The oldest row of each table against the model's retention limit. Only tables with a limit
 * get a check. The job runs once a day, so rows up to a day past the limit are expected
 * between runs; older ones mean the job has not run, is paused, or failed. Pure.
 */

const GRACE_DAYS = 1;

export function retentionChecks(
  spec: ModelSpec,
  stats: InferenceStatsRow | undefined,
  readable: { payload: boolean; processed: boolean },
): ValidationCheck[] {
  const { payloadDays, processedDays, schedule } = spec.retention;
  const job = retentionJobName(spec.stack);
  const check = (
    name: "payload-retention" | "processed-retention",
    table: string,
    limit: number,
    canRead: boolean,
    oldestMinutes: number | null | undefined,
  ): ValidationCheck => {
    const base = { check: name, limit };
    if (!canRead || stats === undefined)
      return { ...base, status: "skipped", detail: `${table} table not measured`, value: null };
    if (oldestMinutes === null || oldestMinutes === undefined)
      return { ...base, status: "skipped", detail: `no rows in the ${table} table`, value: null };
    const days = Number(oldestMinutes) / 1440;
    const detail = `oldest row ${days.toFixed(1)} days old (limit ${limit} days)`;
    if (days <= limit + GRACE_DAYS) return { ...base, status: "pass", detail, value: days };
    const paused = schedule.paused ? `; its schedule is paused in stack ${spec.stack}` : "";
    return {
      ...base,
      status: "fail",
      detail: `${detail}: rows past the limit remain; has job ${job} run${paused}?`,
      value: days,
    };
  };
  return [
    ...(processedDays === null
      ? []
      : [
          check(
            "processed-retention",
            "processed",
            processedDays,
            readable.processed,
            stats?.processed_oldest_age_minutes,
          ),
        ]),
    ...(payloadDays === null
      ? []
      : [
          check(
            "payload-retention",
            "payload",
            payloadDays,
            readable.payload,
            stats?.payload_oldest_age_minutes,
          ),
        ]),
  ];
}
