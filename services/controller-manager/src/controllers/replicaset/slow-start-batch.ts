// controller.slowStartBatch: `count` calls in batches of 1, 2, 4, ... each batch run at once;
// a batch with a failure ends the run. Many creates that would all fail the same way (a
// quota, a bad template) thus cost one call, not hundreds.
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export interface BatchResult {
  successes: number;
  /** The first failure, if a batch had one. */
  error?: Error;
}

export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<unknown>): Promise<BatchResult> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += batch - failures.length;
    if (failures.length > 0) return { successes, error: failures[0]!.reason as Error };
    remaining -= batch;
  }
  return { successes };
}
