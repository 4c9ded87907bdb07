import test from 'ava';
import { Backoff, goDuration } from './backoff.js';

test('the backoff starts at 10 s, doubles per restart, and stops at 5 minutes', (t) => {
  const backoff = new Backoff();
  const delays: number[] = [];
  for (let i = 0, at = 0; i < 8; i++, at += 1000) {
    backoff.next('k', at);
    delays.push(backoff.get('k'));
  }
  t.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
});

test('in backoff until the delay since the exit has passed; a long quiet starts over', (t) => {
  const backoff = new Backoff();
  t.false(backoff.isInBackOffSince('k', 0, 0), 'no entry: no backoff');
  backoff.next('k', 0);
  t.true(backoff.isInBackOffSince('k', 0, 9_999));
  t.false(backoff.isInBackOffSince('k', 0, 10_000));
  backoff.next('k', 10_000);
  t.is(backoff.get('k'), 20_000);
  backoff.next('k', 10_000 + 600_001);
  t.is(backoff.get('k'), 10_000, 'not grown for twice the maximum: initial again');
  t.true(backoff.isInBackOffSinceUpdate('k', 610_001 + 5_000));
  backoff.resetPrefix('k');
  t.is(backoff.get('k'), 0);
});

test('durations read as Go prints them', (t) => {
  t.deepEqual([10_000, 80_000, 160_000, 300_000].map(goDuration), ['10s', '1m20s', '2m40s', '5m0s']);
});
