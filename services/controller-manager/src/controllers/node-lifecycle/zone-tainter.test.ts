import test from 'ava';
import { TokenBucket, ZoneTainter } from './zone-tainter.js';

test('a token bucket of burst 1 gives one token now and one per 1/qps seconds; qps 0 never', (t) => {
  const bucket = new TokenBucket(2, 1, 0);
  t.true(bucket.tryAccept(0));
  t.false(bucket.tryAccept(400));
  t.true(bucket.tryAccept(500));
  t.false(new TokenBucket(0, 1, 0).tryAccept(10_000));
});

test('nodes are handled in order at the zone rate, each once until removed; a failed one is retried', async (t) => {
  let now = 0;
  const tainter = new ZoneTainter(1, () => now);
  t.true(tainter.add('a'));
  t.true(tainter.add('b'));
  t.false(tainter.add('a'));
  const seen: string[] = [];
  let failB = true;
  const attempt = async (name: string) => {
    seen.push(name);
    if (name === 'b' && failB) {
      failB = false;
      return { done: false as const, retryAfterMs: 50 };
    }
    return { done: true as const };
  };
  await tainter.tryEach(attempt);
  t.deepEqual(seen, ['a'], 'one token');
  now = 1000;
  await tainter.tryEach(attempt);
  now = 2000;
  await tainter.tryEach(attempt);
  t.deepEqual(seen, ['a', 'b', 'b']);
  t.false(tainter.add('a'), 'handled, still known');
  t.true(tainter.remove('a'));
  t.true(tainter.add('a'));
  tainter.setRate(0);
  now = 10_000;
  await tainter.tryEach(attempt);
  t.deepEqual(seen, ['a', 'b', 'b'], 'rate 0: nothing');
});
