// The two ways the node lifecycle controller runs work besides its queues: over many nodes
// with bounded concurrency, and again and again on a period.
import { setTimeout as sleep } from 'node:timers/promises';

/** Runs fn over the items, at most `limit` at once (workqueue.ParallelizeUntil). */
export async function parallelize<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Calls fn, then again `periodMs` after it finished, until the signal aborts (wait.UntilWithContext). */
export async function every(periodMs: number, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    await fn();
    await sleep(periodMs, undefined, { signal }).catch(() => undefined);
  }
}
