/** [0..n) in runs of at most `size`: the indexes of one statement each. */
export function indexChunks(count: number, size: number): number[][] {
  const chunks: number[][] = [];
  for (let start = 0; start < count; start += size) {
    chunks.push(Array.from({ length: Math.min(size, count - start) }, (_, i) => start + i));
  }
  return chunks;
}

/** Runs `work` over `items` with at most `limit` at a time, results in item order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}
