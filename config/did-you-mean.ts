/**
 * "Did you mean" for misspelt keys and names: the closest known word by edit distance, when it
 * is close enough to be a likely typo (at most a third of the word, and never more than 3
 * edits), compared case-insensitively so that `Churn-Classifier` finds `churn-classifier`.
 */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known word closest to `word`, or undefined when none is plausibly meant. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const target = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(target, candidate.toLowerCase());
    if (best === undefined || distance < best.distance) best = { candidate, distance };
  }
  if (best === undefined || best.candidate === word) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(Math.max(word.length, 3) / 3)));
  return best.distance <= limit ? best.candidate : undefined;
}

/** ` (did you mean "x"?)` or nothing: ready to append to the word in a message. */
export function didYouMean(word: string, known: readonly string[]): string {
  const suggestion = closest(word, known);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}
