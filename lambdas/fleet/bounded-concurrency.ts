/**
 * A worker pool of fixed size: IAM throttles ListAccessKeys, so Discover must
 * never have more than `discoveryConcurrency` calls in flight, however large
 * the fleet. Small on purpose instead of a dependency: a few workers pulling
 * indexes from one shared counter.
 */

/**
 * Normal path: `task` runs once per item, at most `limit` at a time; the
 * results come back in item order.
 * Failure path: after the first rejection no new item starts; the ones in
 * flight are awaited (nothing is left running unobserved), then that first
 * error is thrown.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;

  async function worker(): Promise<void> {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}
