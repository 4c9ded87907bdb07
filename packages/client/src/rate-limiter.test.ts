import test from 'ava';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter } from './rate-limiter.js';

test('per-item exponential backoff doubles from the base to the cap, per item, and forget starts over', (t) => {
  const r = new ItemExponentialFailureRateLimiter<string>(5, 1000 * 1000);
  t.deepEqual([r.when('a'), r.when('a'), r.when('a'), r.when('a')], [5, 10, 20, 40]);
  t.is(r.when('b'), 5, 'each item has its own count');
  t.is(r.numRequeues('a'), 4);
  for (let i = 0; i < 30; i++) r.when('a');
  t.is(r.when('a'), 1000 * 1000, 'capped at 1000 s');
  for (let i = 0; i < 2000; i++) r.when('a');
  t.is(r.when('a'), 1000 * 1000, 'stays at the cap once 2^n overflows');
  r.forget('a');
  t.is(r.numRequeues('a'), 0);
  t.is(r.when('a'), 5);
});

test('the token bucket lets a burst through, then spaces requests at its rate, and refills with time', (t) => {
  let now = 0;
  const r = new BucketRateLimiter<string>(10, 100, () => now);
  for (let i = 0; i < 100; i++) t.is(r.when(`k${i}`), 0);
  t.is(r.when('x'), 100, 'the 101st waits one token: 100 ms at 10 qps');
  t.is(r.when('y'), 200, 'reservations queue up');
  now += 1000;
  const afterASecond = Array.from({ length: 9 }, () => Math.round(r.when('z')));
  t.deepEqual(afterASecond, [0, 0, 0, 0, 0, 0, 0, 0, 100], 'ten tokens came back in a second, two of them were owed');
  now += 60_000;
  t.is(r.when('z'), 0, 'refilled, never beyond the burst');
  t.is(r.numRequeues('z'), 0);
});

test('max-of takes the longest delay and counts with every limiter', (t) => {
  let now = 0;
  const r = new MaxOfRateLimiter<string>(new ItemExponentialFailureRateLimiter(5, 1000), new BucketRateLimiter(1, 1, () => now));
  t.is(r.when('a'), 5, 'the item backoff, the bucket had a token');
  t.is(r.when('a'), 1000, 'the bucket owes a second, longer than 10 ms');
  t.is(r.numRequeues('a'), 2);
  r.forget('a');
  t.is(r.numRequeues('a'), 0);
});

test('the default controller rate limiter: 5 ms per item at first, then doubling', (t) => {
  const r = defaultControllerRateLimiter();
  t.deepEqual([r.when('a'), r.when('a'), r.when('a')], [5, 10, 20]);
  r.forget('a');
  t.is(r.when('a'), 5);
});
