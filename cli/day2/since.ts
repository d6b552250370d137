import { InvalidArgumentError } from "commander";

const UNITS_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since`: an ISO date or time ("2025-01-07", "2025-01-07T12:00Z") or an age ("36h", "7d", "2w"). */
export function parseSince(text: string, now: number = Date.now()): Date {
  const relative = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (relative) {
    return new Date(
      now - Number(relative[1]) * (UNITS_MS[(relative[2] as string).toLowerCase()] as number),
    );
  }
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(time)) {
    throw new InvalidArgumentError(
      'Use an ISO date or time ("2025-01-07", "2025-01-07T12:00Z") or an age ("36h", "7d", "2w").',
    );
  }
  return new Date(time);
}
