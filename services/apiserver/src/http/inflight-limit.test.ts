import test from 'ava';
import { ApiError } from '../errors.js';
import { InflightLimit } from './inflight-limit.js';

test('past the limit a request is refused with 429 TooManyRequests and Retry-After; a released slot is free again', (t) => {
  const limit = new InflightLimit(2);
  const a = limit.acquire();
  limit.acquire();
  const refused = t.throws(() => limit.acquire(), { instanceOf: ApiError });
  t.like(refused?.toStatus(), { code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 1 } });
  a();
  a();
  t.notThrows(() => limit.acquire(), 'releasing twice frees one slot only');
  t.throws(() => limit.acquire());
});

test('0 means no limit', (t) => {
  const limit = new InflightLimit(0);
  for (let i = 0; i < 1000; i++) limit.acquire();
  t.pass();
});
