/**
 * Runs `fn` over `items`, at most `limit` at a time. `limit` may be a function, read before each
 * start: the pool toward a hub shrinks while the hub throttles (hub-http.ts: `hubConcurrency`)
 * and grows back after. A rejection stops new starts; the running ones finish, then it is thrown.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number | (() => number),
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const cap = typeof limit === "number" ? () => limit : limit;
  const running = new Set<Promise<void>>();
  let next = 0;
  let failure: { error: unknown } | undefined;
  while (next < items.length || running.size > 0) {
    while (failure === undefined && next < items.length && running.size < Math.max(1, cap())) {
      const task: Promise<void> = fn(items[next++]!).then(
        () => void running.delete(task),
        (error: unknown) => {
          running.delete(task);
          failure ??= { error };
        },
      );
      running.add(task);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  if (failure !== undefined) throw failure.error;
}
