import test from 'ava';
import { ConcurrencyLimit } from './concurrency-limit.js';

/** A call that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

test('no more than the limit run at once; the rest start in order as slots free up', async (t) => {
  const limit = new ConcurrencyLimit(2);
  const gates = [gate(), gate(), gate(), gate()];
  const started: number[] = [];
  const runs = gates.map((g, i) =>
    limit.run(async () => {
      started.push(i);
      await g.opened;
      return i;
    }),
  );
  await Promise.resolve();
  t.deepEqual(started, [0, 1]);
  gates[1]!.open();
  await runs[1];
  await Promise.resolve();
  t.deepEqual(started, [0, 1, 2]);
  for (const g of gates) g.open();
  t.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
  t.deepEqual(started, [0, 1, 2, 3]);
});

test('a failed call frees its slot and its error reaches the caller', async (t) => {
  const limit = new ConcurrencyLimit(1);
  await t.throwsAsync(limit.run(() => Promise.reject(new Error('boom'))), { message: 'boom' });
  t.is(await limit.run(() => Promise.resolve('next')), 'next');
});

test('a limit below one is refused', (t) => {
  t.throws(() => new ConcurrencyLimit(0), { instanceOf: RangeError });
});
