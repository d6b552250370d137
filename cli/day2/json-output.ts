import { z } from "zod";
import { COMPARATORS } from "../../core/drift-statistics";
import { DRIFT_TYPES, SEVERITIES } from "../../core/enums";
import { MODEL_STAGES } from "../../core/model-stage";
import { backtestOutput } from "./backtest/output-schema";
import { PROBLEM_KINDS } from "./exit-codes";
import { preflightOutput } from "./preflight/output-schema";

/**
 * The `--json` output of every day-2 command, defined once. The JSON Schemas in cli/schemas/
 * are generated from these (npm run build && node dist/cli/day2/json-schemas.js) and a test
 * checks real outputs against the committed files.
 */

const isoTime = z.iso.datetime().describe("ISO 8601 time, UTC");
const severity = z.enum(SEVERITIES);

function envelope<Name extends string>(command: Name) {
  return {
    command: z.literal(command),
    stack: z.string(),
    ok: z.boolean().describe("true when the exit code is 0"),
    exitCode: z
      .union([z.literal(0), z.literal(1)])
      .describe("0 all good, 1 a check failed or a threshold is breached"),
  };
}

const sqlStatements = z.number().int().min(0).describe("SQL statements sent to the warehouse");

// validate-inference-table

export const VALIDATE_CHECKS = [
  "payload-table",
  "processed-table",
  "processed-schema",
  "payload-freshness",
  "processed-freshness",
  "failed-requests",
  "unparsed-rows",
  "payload-retention",
  "processed-retention",
] as const;

export const validationCheck = z
  .object({
    check: z.enum(VALIDATE_CHECKS),
    status: z
      .enum(["pass", "fail", "waiting", "skipped"])
      .describe("waiting: nothing to check yet (no request logged), which is not a failure"),
    detail: z.string(),
    value: z.number().nullable().describe("What was measured (hours, share), when it is a number"),
    limit: z.number().nullable(),
  })
  .strict();

export const modelValidation = z
  .object({
    model: z.string(),
    verdict: z
      .enum(["pass", "fail", "waiting"])
      .describe("waiting: no check failed and some wait for the first request"),
    payloadTable: z.string(),
    processedTable: z.string(),
    checks: z.array(validationCheck),
  })
  .strict();

export const validateOutput = z
  .object({
    ...envelope("validate-inference-table"),
    days: z.number().int().describe("Window for the failed-request and unparsed-row shares"),
    limits: z
      .object({
        maxAgeHours: z
          .number()
          .nullable()
          .describe("null: each model's dataQuality.maxStalenessHours"),
        maxFailedShare: z.number(),
        maxUnparsedShare: z.number(),
      })
      .strict(),
    summary: z
      .object({ passed: z.number().int(), failed: z.number().int(), waiting: z.number().int() })
      .strict(),
    models: z.array(modelValidation),
    sqlStatements,
  })
  .strict();

// refresh-monitors

export const REFRESH_OUTCOMES = [
  "succeeded",
  "failed",
  "timed-out",
  "started",
  "not-started",
] as const;

export const monitorRefresh = z
  .object({
    model: z.string(),
    table: z.string().describe("The monitored (processed) table"),
    status: z.enum(REFRESH_OUTCOMES),
    refreshId: z.string().nullable(),
    state: z
      .string()
      .nullable()
      .describe("Databricks refresh state: PENDING, RUNNING, SUCCESS, FAILED, CANCELED"),
    message: z
      .string()
      .nullable()
      .describe("Databricks' failure message, or why no refresh was started"),
    startedNew: z.boolean().describe("false when a refresh already under way was followed instead"),
    elapsedSeconds: z.number(),
  })
  .strict();

export const refreshOutput = z
  .object({
    ...envelope("refresh-monitors"),
    waited: z.boolean(),
    timeoutSeconds: z.number(),
    summary: z
      .object({
        succeeded: z.number().int(),
        failed: z.number().int(),
        "timed-out": z.number().int(),
        started: z.number().int(),
        "not-started": z.number().int(),
      })
      .strict(),
    models: z.array(monitorRefresh),
  })
  .strict();

// analyze-drift

export const DRIFT_ROW_STATUSES = ["critical", "warning", "ok", "no-data", "no-threshold"] as const;

const thresholdRef = z.object({ comparator: z.enum(COMPARATORS), value: z.number() }).strict();

export const driftRow = z
  .object({
    model: z.string(),
    column: z.string(),
    statistic: z.string(),
    driftType: z.enum(DRIFT_TYPES),
    granularity: z.string().nullable(),
    windowStart: isoTime.nullable(),
    windowEnd: isoTime.nullable(),
    value: z.number().nullable(),
    warning: thresholdRef.nullable(),
    critical: thresholdRef.nullable(),
    status: z.enum(DRIFT_ROW_STATUSES),
    exceedance: z
      .number()
      .nullable()
      .describe("How far past its threshold, relative to the threshold (0.5 = 50%)"),
  })
  .strict();

export const modelDrift = z
  .object({
    model: z.string(),
    driftMetricsTable: z.string(),
    status: z.enum(["ok", "breach", "no-metrics", "error"]),
    message: z.string().nullable(),
    latestWindowEnd: isoTime.nullable(),
  })
  .strict();

export const driftOutput = z
  .object({
    ...envelope("analyze-drift"),
    since: isoTime
      .nullable()
      .describe("null: the latest finished window of each granularity and drift type"),
    thresholdsFrom: z.enum(["table", "config"]),
    summary: z
      .object({
        critical: z.number().int(),
        warning: z.number().int(),
        ok: z.number().int(),
        noData: z.number().int(),
      })
      .strict(),
    problems: z
      .array(z.string())
      .describe("Failures not tied to one model, e.g. an unreadable thresholds table"),
    models: z.array(modelDrift),
    rows: z.array(driftRow),
    sqlStatements,
  })
  .strict();

// check-thresholds

export const thresholdCheck = z
  .object({
    model: z.string(),
    severity,
    status: z
      .enum(["ok", "triggered", "error", "no-data"])
      .describe(
        "What the model's alert of this severity would be now; no-data: OK because the model has no data yet (not a failure)",
      ),
    modelStatus: z
      .enum(MODEL_STAGES)
      .nullable()
      .describe("Where the model stands, from the alert query's rows; null when it could not run"),
    violations: z.number().int().nullable(),
    breaches: z.array(z.string()),
    message: z.string().nullable(),
  })
  .strict();

export const checkOutput = z
  .object({
    ...envelope("check-thresholds"),
    evaluatedAt: isoTime,
    summary: z
      .object({
        ok: z.number().int(),
        triggered: z.number().int(),
        error: z.number().int(),
        noData: z.number().int(),
      })
      .strict(),
    checks: z.array(thresholdCheck),
    sqlStatements,
  })
  .strict();

// Any command that could not run (exit 2).

export const errorOutput = z
  .object({
    command: z.string(),
    stack: z.string().nullable(),
    ok: z.literal(false),
    exitCode: z.literal(2),
    error: z
      .object({
        kind: z.enum(PROBLEM_KINDS),
        message: z.string(),
        details: z.array(z.string()),
      })
      .strict(),
  })
  .strict();

export type ValidationCheck = z.infer<typeof validationCheck>;
export type ModelValidation = z.infer<typeof modelValidation>;
export type ValidateOutput = z.infer<typeof validateOutput>;
export type MonitorRefresh = z.infer<typeof monitorRefresh>;
export type RefreshOutput = z.infer<typeof refreshOutput>;
export type DriftRow = z.infer<typeof driftRow>;
export type ModelDrift = z.infer<typeof modelDrift>;
export type DriftOutput = z.infer<typeof driftOutput>;
export type ThresholdCheck = z.infer<typeof thresholdCheck>;
export type CheckOutput = z.infer<typeof checkOutput>;
export type ErrorOutput = z.infer<typeof errorOutput>;

/** File name in cli/schemas/ -> schema. */
export const OUTPUT_SCHEMAS = {
  "validate-inference-table.schema.json": validateOutput,
  "refresh-monitors.schema.json": refreshOutput,
  "analyze-drift.schema.json": driftOutput,
  "check-thresholds.schema.json": checkOutput,
  "preflight.schema.json": preflightOutput,
  "backtest.schema.json": backtestOutput,
  "error.schema.json": errorOutput,
} as const;
