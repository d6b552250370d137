import type { ModelSpec } from "../../config/model-spec";
import { formatTableName } from "../../core/names";
import { retentionArgsOf, retentionScriptOf } from "../../components/Retention";
import { retentionJobName } from "../../core/retention";

/**
 * What the plan says about a model's retention. The plan cannot see the data, so it cannot say
 * how many rows a first run deletes; it says what it can: the limits, when the job runs, that
 * the first run after a new or shortened limit deletes the whole backlog older than it at once,
 * and how to see the oldest row before merging.
 */
export function retentionNotes(spec: ModelSpec): string[] {
  const { payloadDays, processedDays, schedule } = spec.retention;
  if (payloadDays === null && processedDays === null) return [];
  const limits = [
    processedDays === null ? undefined : `processed rows older than ${processedDays} days`,
    payloadDays === null ? undefined : `payload rows older than ${payloadDays} days`,
  ].filter((part): part is string => part !== undefined);
  const when = `${schedule.cron} ${schedule.timezone}${schedule.paused ? " (created PAUSED)" : ""}`;
  return [
    `retention: ${limits.join(" and ")} (by request_time) are deleted by job ${retentionJobName(spec.stack)} at ${when}, then purged and vacuumed`,
    `retention: the first run after a new or shortened limit deletes at once every row older than it (the plan cannot see how many); \`npx model-monitoring validate-inference-table --stack ${spec.stack} -m ${spec.name}\` shows the oldest row against the limit`,
  ];
}

/** The model's retention SQL file, as the job's task runs it. */
export function retentionSql(spec: ModelSpec): { title: string; statement: string }[] {
  const model = retentionArgsOf([spec])?.models[0];
  if (model === undefined) return [];
  const tables = [
    model.processedDays === null ? undefined : formatTableName(model.processedTable),
    model.payloadDays === null ? undefined : formatTableName(model.payloadTable),
  ].filter((t): t is string => t !== undefined);
  return [
    {
      title: `retention of ${tables.join(" and ")} (the retention job's SQL file)`,
      statement: retentionScriptOf(model),
    },
  ];
}
