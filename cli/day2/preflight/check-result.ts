import type { CheckName } from "./check-catalogue";
import type { PreflightCheck } from "./output-schema";

/**
 * One line of the preflight report, and how lines sort and add up to an exit code. A check is
 * `fail` when `pulumi up` (or the deployed chain) would fail on it and says what to do; `unknown`
 * when the workspace would not tell (a refused read): nothing known to be wrong, but not
 * checked; `warn` for a fact worth knowing that does not stop an `up`; `skipped` when the check
 * does not apply or depends on something that failed.
 */

export type { CheckName } from "./check-catalogue";
export type CheckStatus = PreflightCheck["status"];
export type CheckSource = PreflightCheck["source"];

/** Worst first. */
export const STATUS_ORDER: readonly CheckStatus[] = ["fail", "unknown", "warn", "pass", "skipped"];

interface Line {
  check: CheckName;
  /** The model the line is about; none for what the stack shares. */
  model?: string | null;
  /** The object checked: "catalog ml_dev", "table ml_dev.inference.x_processed". */
  subject: string;
  detail: string;
  source: CheckSource;
}

const line = (status: CheckStatus, l: Line, fix: string | null = null): PreflightCheck => ({
  check: l.check,
  model: l.model ?? null,
  subject: l.subject,
  status,
  detail: l.detail,
  fix,
  source: l.source,
});

export const pass = (l: Line): PreflightCheck => line("pass", l);
export const warn = (l: Line, fix: string | null = null): PreflightCheck => line("warn", l, fix);
export const fail = (l: Line, fix: string): PreflightCheck => line("fail", l, fix);
export const unknown = (l: Line, fix: string | null = null): PreflightCheck =>
  line("unknown", l, fix);
export const skipped = (l: Line): PreflightCheck => line("skipped", l);

/** Worst first, then by check, model and subject, so the same workspace prints the same report. */
export function sortChecks(checks: readonly PreflightCheck[]): PreflightCheck[] {
  return [...checks].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
      a.check.localeCompare(b.check) ||
      (a.model ?? "").localeCompare(b.model ?? "") ||
      a.subject.localeCompare(b.subject),
  );
}

/** 1 when anything failed; otherwise 2 when something could not be checked; else 0. */
export function exitCodeOf(checks: readonly PreflightCheck[]): 0 | 1 | 2 {
  if (checks.some((c) => c.status === "fail")) return 1;
  return checks.some((c) => c.status === "unknown") ? 2 : 0;
}

export function countByStatus(checks: readonly PreflightCheck[]): Record<CheckStatus, number> {
  const counts = { fail: 0, unknown: 0, warn: 0, pass: 0, skipped: 0 };
  for (const check of checks) counts[check.status] += 1;
  return counts;
}
