import { InvalidArgumentError } from "commander";

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** As far back as `--days` reaches (ten years): older windows are not worth a scan. */
const MAX_AGE_MS = 3660 * UNITS_MS.d!;

/**
 * `--since`: an ISO date or time ("2025-01-07", "2025-01-07T12:00Z") or an age ("36h", "7d",
 * "2w"), at most ten years back and not in the future.
 */
export function parseSince(text: string, now: number = Date.now()): Date {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  const time = relative
    ? now - Number(relative[1]) * (UNITS_MS[(relative[2] as string).toLowerCase()] as number)
    : Date.parse(text);
  if (!relative && (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(time))) {
    throw new InvalidArgumentError(
      'Use an ISO date or time ("2025-01-07", "2025-01-07T12:00Z") or an age ("36h", "7d", "2w").',
    );
  }
  if (!(time >= now - MAX_AGE_MS) || time > now)
    throw new InvalidArgumentError(`--since must lie between ten years ago and now (got ${text}).`);
  return new Date(time);
}
