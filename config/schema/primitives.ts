import { z } from "zod";
import { COLUMN_TYPES } from "../../core/enums";
import {
  MAX_IDENTIFIER_LENGTH,
  MODEL_NAME,
  MODEL_NAME_RULE,
  UC_IDENTIFIER,
  isIdentifier,
} from "../../core/names";
import { quartzCronProblems } from "../quartz-cron";
import { isKnownTimeZone } from "../time-zones";

/**
 * Building blocks shared by the model, template and stack schemas. Every refinement's message
 * says what is allowed, because the loader prints it next to the file and key path.
 */

/** Portable Unity Catalog identifier; sql/identifiers.ts says why we restrict it. */
const UC_IDENTIFIER_PATTERN = UC_IDENTIFIER;

export const identifier = z
  .string()
  .max(MAX_IDENTIFIER_LENGTH)
  .regex(
    UC_IDENTIFIER_PATTERN,
    "must be a Unity Catalog identifier: a letter or _ followed by letters, digits or _ (at most 255)",
  );

export const threeLevelName = z.string().refine(
  (value) => {
    const parts = value.split(".");
    return parts.length === 3 && parts.every(isIdentifier);
  },
  { message: "must be a three-level name catalog.schema.name, each part letters, digits or _" },
);

export const twoLevelName = z.string().refine(
  (value) => {
    const parts = value.split(".");
    return parts.length === 2 && parts.every(isIdentifier);
  },
  { message: "must be a two-level name catalog.schema, each part letters, digits or _" },
);

/** Serving endpoint names: letters, digits, - and _ (docs/databricks-api.md, serving endpoints); 63 is a conservative cap. */
export const endpointName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/,
    "must be 1-63 letters, digits, - or _, starting with a letter or digit",
  );

/** Logical model names become Pulumi resource names and default endpoint names. */
export const modelName = z.string().regex(MODEL_NAME, `must be ${MODEL_NAME_RULE}`);

export const email = z.email({ message: "must be an email address like name@example.com" });

export const quartzCron = z.string().superRefine((value, ctx) => {
  for (const problem of quartzCronProblems(value)) {
    ctx.addIssue({ code: "custom", message: `invalid Quartz cron "${value}": ${problem}` });
  }
});

/** Java time-zone ids as Databricks expects; Intl knows the same IANA database. */
export const timezone = z.string().refine(isKnownTimeZone, {
  message: "must be an IANA time-zone id such as UTC or Europe/Amsterdam",
});

export const columnType = z.enum(COLUMN_TYPES);

export const schedule = z
  .object({
    cron: quartzCron.describe("Quartz cron expression, e.g. '0 0 6 * * ?' (06:00 daily)"),
    timezone: timezone
      .optional()
      .describe("IANA time-zone id; defaults to the stack's schedules.timezone"),
    paused: z.boolean().optional().describe("Create the schedule paused (dev stacks)"),
  })
  .strict();
