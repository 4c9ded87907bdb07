import test from 'ava';
import { DelayingQueue } from './delaying-queue.js';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.js';
import { RateLimitingQueue } from './rate-limiting-queue.js';
import { WorkQueue } from './work-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whether `p` has settled by the time already-queued callbacks have run. */
const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  await sleep(0);
  return done;
};

test('adding a key that is already queued does nothing; keys come out in order', async (t) => {
  const q = new WorkQueue();
  for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
  t.is(q.len(), 3);
  t.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
});

test('a key being processed is not handed to a second worker; added meanwhile, it comes back once after done()', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  t.is(await q.get(), 'a');
  q.add('a');
  q.add('a');
  t.is(q.len(), 0, 'held back while processing');
  const second = q.get();
  t.false(await settled(second), 'the other worker waits');
  q.done('a');
  t.is(await second, 'a');
  t.is(q.len(), 0, 'exactly once');
  q.done('a');
  t.is(q.len(), 0, 'nothing added during the second run, so nothing comes back');
});

test('a key that was not re-added is gone after done()', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  await q.get();
  q.done('a');
  t.is(q.len(), 0);
  q.add('a');
  t.is(q.len(), 1, 'and may be added again');
});

test('a waiting worker wakes when a key is added', async (t) => {
  const q = new WorkQueue();
  const waiting = q.get();
  q.add('x');
  t.is(await waiting, 'x');
});

test('shutDown: waiting workers get undefined, queued keys still drain, later adds are ignored', async (t) => {
  const q = new WorkQueue();
  const idle = q.get();
  q.shutDown();
  t.is(await idle, undefined);
  t.true(q.shuttingDown());

  const r = new WorkQueue();
  r.add('a');
  r.shutDown();
  r.add('b');
  t.is(await r.get(), 'a');
  t.is(await r.get(), undefined);
});

test('shutDownWithDrain waits for the keys being processed and the queued ones', async (t) => {
  const q = new WorkQueue();
  q.add('a');
  q.add('b');
  const a = await q.get();
  const drained = q.shutDownWithDrain();
  t.false(await settled(drained));
  q.done(a!);
  t.false(await settled(drained), 'b is still queued');
  const b = await q.get();
  t.is(b, 'b');
  q.done(b!);
  t.true(await settled(drained));
});

test('addAfter adds once the delay passes; a key already waiting keeps the earlier time', async (t) => {
  const q = new DelayingQueue();
  t.teardown(() => q.shutDown());
  q.addAfter('now', 0);
  t.is(q.len(), 1, 'no delay: added at once');
  t.is(await q.get(), 'now');
  q.addAfter('later', 50);
  q.addAfter('later', 60_000);
  t.is(q.len(), 0);
  const got = await Promise.race([q.get(), sleep(5_000).then(() => 'timeout')]);
  t.is(got, 'later');
  q.addAfter('soon', 60_000);
  q.addAfter('soon', 20);
  t.is(await Promise.race([q.get(), sleep(5_000).then(() => 'timeout')]), 'soon', 'an earlier time replaces a later one');
});

test('shutDown drops keys waiting for their delay', async (t) => {
  const q = new DelayingQueue();
  q.addAfter('x', 20);
  q.shutDown();
  await sleep(60);
  t.is(q.len(), 0);
  t.is(await q.get(), undefined);
  q.addAfter('y', 0);
  t.is(q.len(), 0);
});

test('addRateLimited backs a failing key off exponentially; forget resets it', async (t) => {
  const limiter = new ItemExponentialFailureRateLimiter<string>(1, 1000);
  const q = new RateLimitingQueue(limiter);
  t.teardown(() => q.shutDown());
  const delays: number[] = [];
  const when = limiter.when.bind(limiter);
  limiter.when = (item) => {
    const d = when(item);
    delays.push(d);
    return d;
  };
  for (let i = 0; i < 4; i++) {
    q.addRateLimited('k');
    t.is(await q.get(), 'k');
    q.done('k');
  }
  t.deepEqual(delays, [1, 2, 4, 8]);
  t.is(q.numRequeues('k'), 4);
  q.forget('k');
  t.is(q.numRequeues('k'), 0);
  q.addRateLimited('k');
  t.is(delays.at(-1), 1);
});
