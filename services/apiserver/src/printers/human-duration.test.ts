import test from 'ava';
import { humanDuration, shortHumanDuration, timestampSince } from './human-duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// The cases of apimachinery's duration_test.go, plus each boundary of the rounding rules.
const human: Array<[number, string]> = [
  [0, '0s'],
  [999, '0s'],
  [s, '1s'],
  [70 * s, '70s'],
  [119 * s + 999, '119s'],
  [120 * s, '2m'],
  [190 * s, '3m10s'],
  [9 * m + 59 * s, '9m59s'],
  [10 * m + 59 * s, '10m'],
  [70 * m, '70m'],
  [179 * m + 59 * s, '179m'],
  [3 * h, '3h'],
  [3 * h + 4 * m + 59 * s, '3h4m'],
  [7 * h + 59 * m, '7h59m'],
  [8 * h + 30 * m, '8h'],
  [47 * h, '47h'],
  [48 * h, '2d'],
  [49 * h, '2d1h'],
  [8 * d - h, '7d23h'],
  [8 * d + 2 * h, '8d'],
  [367 * d, '367d'],
  [730 * d - h, '729d'],
  [730 * d + 25 * h, '2y1d'],
  [365 * 3 * d, '3y'],
  [365 * 8 * d + 2 * h, '8y'],
  [365 * 9 * d + 100 * d, '9y'],
];

for (const [ms, want] of human) {
  test(`humanDuration(${ms}ms) is ${want}`, (t) => {
    t.is(humanDuration(ms), want);
  });
}

test('humanDuration tolerates up to two seconds of clock skew, then says <invalid>', (t) => {
  t.is(humanDuration(-1999), '0s');
  t.is(humanDuration(-2000), '<invalid>');
  t.is(humanDuration(-h), '<invalid>');
});

test('shortHumanDuration uses one unit', (t) => {
  t.is(shortHumanDuration(59 * s + 999), '59s');
  t.is(shortHumanDuration(60 * s), '1m');
  t.is(shortHumanDuration(59 * m + 59 * s), '59m');
  t.is(shortHumanDuration(23 * h + 59 * m), '23h');
  t.is(shortHumanDuration(24 * h), '1d');
  t.is(shortHumanDuration(364 * d), '364d');
  t.is(shortHumanDuration(365 * d), '1y');
  t.is(shortHumanDuration(-1999), '0s');
  t.is(shortHumanDuration(-2000), '<invalid>');
});

test('timestampSince measures from now and says <unknown> for a missing timestamp', (t) => {
  const now = new Date('2026-11-24T01:47:08Z');
  t.is(timestampSince('2026-11-24T00:47:08Z', now), '60m');
  t.is(timestampSince('2026-11-24T01:47:11Z', now), '<invalid>');
  t.is(timestampSince('2026-11-24T01:46:06.123456Z', now), '61s');
  t.is(timestampSince(undefined, now), '<unknown>');
  t.is(timestampSince(null, now), '<unknown>');
  t.is(timestampSince('', now), '<unknown>');
});
