import test from 'ava';
import { waitFor } from '@kubeling/testing';
import { SpreadTicker } from './spread-ticker.js';

test('every item runs each round; one still running is skipped instead of queued; stop waits for it', async (t) => {
  const runs = new Array<number>(10).fill(0);
  let release!: () => void;
  const stuck = new Promise<void>((resolve) => (release = resolve));
  const ticker = new SpreadTicker(
    10,
    100,
    async (i) => {
      runs[i]!++;
      if (i === 0) await stuck;
    },
    () => t.fail('no errors'),
  );
  ticker.start();
  await waitFor(() => runs.slice(1).every((n) => n >= 3), { what: 'three rounds of items 1-9' });
  t.is(runs[0], 1, 'item 0 is still on its first run');
  let stopped = false;
  const stopping = ticker.stop().then(() => (stopped = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.false(stopped, 'stop waits for the run in flight');
  release();
  await stopping;
  const after = [...runs];
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.deepEqual(runs, after, 'no runs after stop');
});

test('a failed run is reported with its item and the item runs again next round', async (t) => {
  const failures: Array<[number, string]> = [];
  const ticker = new SpreadTicker(
    1,
    50,
    () => Promise.reject(new Error('down')),
    (i, err) => failures.push([i, (err as Error).message]),
  );
  ticker.start();
  t.teardown(() => ticker.stop());
  await waitFor(() => failures.length >= 2, { what: 'a second failed run' });
  t.deepEqual(failures.slice(0, 2), [
    [0, 'down'],
    [0, 'down'],
  ]);
});

test('an interval that is not positive is refused', (t) => {
  t.throws(() => new SpreadTicker(1, 0, async () => undefined, () => undefined), { instanceOf: RangeError });
});
