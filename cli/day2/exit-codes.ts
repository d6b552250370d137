/** The day-2 commands' exit codes, the same for every command. */
export const EXIT = {
  /** Everything checked is fine. */
  ok: 0,
  /** A check failed or a threshold is breached. */
  failed: 1,
  /** Usage, configuration, settings, credentials or connection: nothing was checked. */
  unusable: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Why a command could not run at all (always exit 2). */
export const PROBLEM_KINDS = ["usage", "config", "settings", "credentials", "connection"] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** A problem the user must fix before the command can check anything. */
export class Day2Error extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    /** Details shown one per line, e.g. every configuration problem. */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = "Day2Error";
  }
}
