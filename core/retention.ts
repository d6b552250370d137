import type { Granularity } from "./enums";

/**
 * How long a model's rows must stay for its monitoring to keep working: the floor under a
 * retention limit. Pure, shared by the configuration's refusal (config/resolve/retention.ts)
 * and the day-2 report of the oldest row.
 */

/** The stack's retention job, as the workspace lists it (one job per stack). */
export function retentionJobName(stack: string): string {
  return `model-monitoring-${stack}-retention`;
}

/** Upper bound of a retention limit: ten years, far beyond any policy; the SQL checks it again. */
export const RETENTION_DAYS_MAX = 3650;

/** Days a window of each granularity spans, at its longest (a month of 31 days, a leap year). */
const GRANULARITY_DAYS: Record<Granularity, number> = {
  "5 minutes": 5 / 1440,
  "30 minutes": 30 / 1440,
  "1 hour": 1 / 24,
  "1 day": 1,
  "1 week": 7,
  "2 weeks": 14,
  "3 weeks": 21,
  "4 weeks": 28,
  "1 month": 31,
  "1 year": 366,
};

/**
 * A window is aggregated only after it closes, at the next refresh of the monitor (or of the
 * processed table, for payload rows): one day of margin so a nightly deletion never takes rows
 * that a refresh later that day still needs.
 */
export const RETENTION_MARGIN_DAYS = 1;

/** The granularity with the longest windows (the first given when none are). */
export function longestGranularity(granularities: readonly Granularity[]): Granularity {
  return granularities.reduce<Granularity>(
    (a, b) => (GRANULARITY_DAYS[b] > GRANULARITY_DAYS[a] ? b : a),
    granularities[0] ?? "1 day",
  );
}

export interface RetentionFloorInput {
  granularities: readonly Granularity[];
  /** Days labels may arrive late; absent without a labels join. */
  labelLookbackDays?: number;
  /** Hours the processed-table refresh re-reads behind its newest row. */
  lateArrivalHours: number;
}

/**
 * The fewest days of processed rows the monitor needs: its longest window, plus the labels
 * look-back (a late label updates a row the monitor aggregates again), plus the margin.
 */
export function minimumProcessedDays(input: RetentionFloorInput): number {
  const longest = Math.max(0, ...input.granularities.map((g) => GRANULARITY_DAYS[g]));
  return Math.ceil(longest) + (input.labelLookbackDays ?? 0) + RETENTION_MARGIN_DAYS;
}

/**
 * The fewest days of payload rows the processed-table refresh needs: it re-reads the payload
 * rows from its late-arrival margin or its labels look-back behind the newest processed row,
 * whichever reaches further, plus the margin.
 */
export function minimumPayloadDays(input: RetentionFloorInput): number {
  const lateArrivalDays = Math.ceil(input.lateArrivalHours / 24);
  return Math.max(lateArrivalDays, input.labelLookbackDays ?? 0) + RETENTION_MARGIN_DAYS;
}
