import { Day2Error } from "./exit-codes";
import { fatalProblem } from "./failures";

/**
 * A command that could not finish (the workspace or warehouse stayed unreachable past the
 * retries) exits 2 and says exactly what it could not conclude, and what it did: each part
 * that is missing (a model's table look-up, an alert query, a refresh that may or may not have
 * started) and each that was done. Nothing partial is reported as a result.
 */

/** One part of a command's work that did not complete, and why. */
export interface Unconcluded {
  part: string;
  error: unknown;
}

/**
 * The exit-2 error for `missing` parts: the first failure's problem (its kind and message,
 * which name the root cause and what was retried), "(not concluded: <summary>)", and one
 * detail line per part, then the parts that were concluded. Throws a failure that is not a
 * connection, credentials or settings problem as it is (a bug).
 */
export function notConcludedError(
  summary: string,
  missing: readonly Unconcluded[],
  concluded: readonly string[],
): Day2Error {
  const first = missing[0];
  const problem = fatalProblem(first?.error);
  if (problem === undefined) throw first?.error;
  return new Day2Error(problem.kind, `${problem.message} (not concluded: ${summary})`, [
    ...problem.details,
    ...missing.map((m) => `not concluded: ${m.part}${causeNote(m.error, first?.error)}`),
    concluded.length === 0 ? "concluded: nothing" : `concluded: ${concluded.join("; ")}`,
  ]);
}

/** Runs `work`; a failure that ends the run becomes notConcludedError for `parts`. */
export async function orNotConcluded<T>(
  summary: string,
  parts: readonly string[],
  concluded: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (fatalProblem(error) === undefined) throw error;
    throw notConcludedError(
      summary,
      parts.map((part) => ({ part, error })),
      concluded,
    );
  }
}

/** A part's own cause when it differs from the one the message names. */
function causeNote(error: unknown, shown: unknown): string {
  if (error === shown) return "";
  const message = String((error as Error)?.message ?? error).split("\n")[0] ?? "";
  return ` (${message})`;
}
