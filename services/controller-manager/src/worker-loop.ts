// The worker loop every controller runs (processNextWorkItem): take a key, sync it, forget
// its failures on success or requeue it rate-limited on error, until the queue shuts down.
import type { RateLimitingQueue } from '@kubeling/client';
import type { Logger } from 'pino';

export type Sync = (key: string) => Promise<void>;

export async function runWorker(queue: RateLimitingQueue<string>, sync: Sync, log: Logger): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      await sync(key);
      queue.forget(key);
    } catch (err) {
      log.warn({ key, err: (err as Error).message, requeues: queue.numRequeues(key) }, 'sync failed; requeued');
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}

/** `workers` loops over one queue (--concurrent-*-syncs); resolves when the queue has shut down and they have finished. */
export function runWorkers(queue: RateLimitingQueue<string>, sync: Sync, workers: number, log: Logger): Promise<void> {
  return Promise.all(Array.from({ length: workers }, () => runWorker(queue, sync, log))).then(() => undefined);
}
