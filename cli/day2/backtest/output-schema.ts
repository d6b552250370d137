import { z } from "zod";
import { COMPARATORS } from "../../../core/drift-statistics";
import { SEVERITIES } from "../../../core/enums";

/**
 * The `--json` output of `backtest` (cli/schemas/backtest.schema.json is generated from it,
 * with the other commands' schemas, by cli/day2/json-schemas.ts).
 */

const isoTime = z.iso.datetime().describe("ISO 8601 time, UTC");
const count = z.number().int().min(0);

export const backtestReading = z
  .object({
    column: z.string(),
    statistic: z.string(),
    checkType: z.string().describe("CONSECUTIVE, BASELINE or DATA_QUALITY"),
    comparator: z.enum(COMPARATORS),
    threshold: z.number(),
    value: z.number().nullable().describe("null: the window has no value for this statistic"),
  })
  .strict();

export const backtestWindowSide = z
  .object({
    status: z
      .enum(["fired", "quiet", "missing"])
      .describe(
        "fired: at least one threshold in breach; missing: none in breach but some statistic missing (not a pass); quiet: every threshold evaluated and none in breach",
      ),
    breaches: z.array(backtestReading),
    missing: z.array(backtestReading),
  })
  .strict();

export const backtestWindow = z
  .object({
    granularity: z.string(),
    windowStart: isoTime,
    windowEnd: isoTime,
    current: backtestWindowSide.nullable().describe("null: no current threshold of this severity"),
    proposed: backtestWindowSide
      .nullable()
      .describe("null: no proposed threshold of this severity"),
  })
  .strict();

export const backtestSideSummary = z
  .object({
    thresholds: count.describe("Thresholds of this severity that were replayed"),
    fired: count.describe("Windows in which the alert would have fired (one page each)"),
    missing: count,
    quiet: count,
    perWeek: z.number().min(0).describe("fired / weeks of the period"),
  })
  .strict();

export const backtestSeverity = z
  .object({
    severity: z.enum(SEVERITIES),
    current: backtestSideSummary.nullable(),
    proposed: backtestSideSummary.nullable(),
    overBudget: z.boolean().describe("proposed perWeek above --max-alerts-per-week"),
    windows: z.array(backtestWindow),
  })
  .strict();

export const backtestModel = z
  .object({
    model: z.string(),
    status: z
      .enum(["ok", "no-metrics", "error"])
      .describe("no-metrics: no finished window in the period (or no metric tables yet)"),
    message: z.string().nullable(),
    severities: z.array(backtestSeverity),
  })
  .strict();

const thresholdRef = z.object({ comparator: z.string(), value: z.number() }).strict();

export const thresholdChange = z
  .object({
    model: z.string(),
    threshold: z.string().describe("column/statistic/check type/severity"),
    current: thresholdRef.nullable(),
    proposed: thresholdRef.nullable(),
  })
  .strict();

export const backtestOutput = z
  .object({
    command: z.literal("backtest"),
    stack: z.string(),
    ok: z.boolean().describe("true when the exit code is 0"),
    exitCode: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .describe(
        "0 within budget (or no budget), 1 the proposed thresholds page more than --max-alerts-per-week, 2 could not conclude",
      ),
    since: isoTime,
    until: isoTime,
    days: z.number().positive(),
    maxAlertsPerWeek: z.number().nullable(),
    current: z.string().describe("Where the current thresholds come from"),
    proposed: z.string().describe("Where the proposed thresholds come from"),
    thresholdChanges: z.array(thresholdChange),
    notReplayed: z
      .array(z.string())
      .describe("Checks the metric history cannot replay (they depend on the time of evaluation)"),
    problems: z.array(z.string()),
    models: z.array(backtestModel),
    sqlStatements: count.describe("SQL statements sent to the warehouse"),
  })
  .strict();

export type BacktestReading = z.infer<typeof backtestReading>;
export type BacktestWindowSide = z.infer<typeof backtestWindowSide>;
export type BacktestWindow = z.infer<typeof backtestWindow>;
export type BacktestSideSummary = z.infer<typeof backtestSideSummary>;
export type BacktestSeverity = z.infer<typeof backtestSeverity>;
export type BacktestModel = z.infer<typeof backtestModel>;
export type ThresholdChange = z.infer<typeof thresholdChange>;
export type BacktestOutput = z.infer<typeof backtestOutput>;
