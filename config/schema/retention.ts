import { z } from "zod";
import { RETENTION_DAYS_MAX } from "../../core/retention";
import { email, quartzCron } from "./primitives";

/**
 * Retention of a model's inference rows: how many days of payload rows (the raw requests
 * Databricks logs) and of processed rows (the typed copy the monitor reads) to keep, counted by
 * their event time (`request_time`). `none`, or no value, keeps rows forever. The stack gives the
 * default (`model-monitoring:retention`), a model may override either value
 * (`model-monitoring:models.<name>.retention`); one scheduled job per stack deletes.
 */

export const retentionDays = z
  .union([z.number().int().min(1).max(RETENTION_DAYS_MAX), z.literal("none")], {
    error: `must be a whole number of days from 1 to ${RETENTION_DAYS_MAX}, or none (keep every row)`,
  })
  .describe("Days to keep, by request_time; none keeps every row");

/** The limits a model may override per stack. */
export const retentionLimits = z
  .object({
    payloadDays: retentionDays.optional().describe("Days of payload rows (raw requests) to keep"),
    processedDays: retentionDays
      .optional()
      .describe("Days of processed rows (what the monitor reads) to keep"),
  })
  .strict();

/** The stack's retention: default limits, and the one job that applies them. */
export const stackRetention = retentionLimits
  .extend({
    schedule: quartzCron
      .optional()
      .describe("When the retention job runs (stack time zone and pause switch apply)"),
    failureEmails: z
      .array(email)
      .max(5, "at most 5 failure-notification emails")
      .optional()
      .describe(
        "Who is told when the retention job fails; default the stack's failureEmails, else every model's monitor failure emails",
      ),
  })
  .strict();

export const DEFAULT_RETENTION_CRON = "0 0 3 * * ?";

/** The stack's retention with its defaults: keep everything, run at 03:00 when something is set. */
export const stackRetentionWithDefaults = stackRetention
  .extend({
    payloadDays: retentionDays.default("none"),
    processedDays: retentionDays.default("none"),
    schedule: quartzCron.default(DEFAULT_RETENTION_CRON),
  })
  .prefault({});

export type RetentionDays = z.output<typeof retentionDays>;
export type RetentionLimits = z.output<typeof retentionLimits>;
export type StackRetention = z.output<typeof stackRetentionWithDefaults>;
