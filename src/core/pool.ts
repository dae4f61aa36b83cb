// Runs async work over many items with at most `n` in flight. Mapping every item to a p-limit call up
// front costs a closure, a promise and a queue entry per item, all alive until the last item ends: on a
// tree of a million files that is memory for a million waiting calls. Here `n` runners take the next
// item as they finish one, so what is held does not grow with the number of items. (p-limit still
// bounds work whose items arrive one by one, such as the directory walk.)

/**
 * Calls `fn` on each item in order of start, at most `n` at once. Items may come from a generator, so
 * that a filtered million need not be an array first. The first error stops the runners from starting
 * more items; it is thrown once the calls in flight have settled, so nothing the caller started is
 * still running when it sees the error.
 */
export async function forEachLimited<T>(
  items: Iterable<T>,
  n: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const it = items[Symbol.iterator]();
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    while (!failure) {
      const step = it.next();
      if (step.done) return;
      const i = next++;
      try {
        await fn(step.value, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const known = Array.isArray(items) ? items.length : Number.POSITIVE_INFINITY;
  const runners = Math.max(1, Math.min(Math.floor(n) || 1, known));
  await Promise.all(Array.from({ length: runners }, runner));
  if (failure) throw failure.error;
}
