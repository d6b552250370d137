/**
 * "Did you mean" for misspelt keys and names: the closest known word by edit distance, when it
 * is close enough to be a likely typo (at most a third of the word, and never more than 3
 * edits), compared case-insensitively so that `Churn-Classifier` finds `churn-classifier`.
 */

/** Edits between two words, a swap of neighbours counting as one (fruad -> fraud). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
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
