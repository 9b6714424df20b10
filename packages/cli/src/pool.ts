// Bounded concurrency without a dependency.

/**
 * Runs `task` on each item, at most `limit` at a time, in the items' order of start, and
 * resolves when all have finished. Once `signal` aborts no more start (those in flight
 * finish). `task` should not reject: a rejection rejects the whole at once.
 */
export async function forEachConcurrent<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && signal?.aborted !== true) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(limit, items.length)) }, worker));
}
