import test from 'ava';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

// Expected strings are Go's time.Duration(n).String().
const CASES: Array<[bigint, string]> = [
  [0n, '0s'],
  [999n, '999ns'],
  [1_500n, '1.5µs'],
  [300_000_000n, '300ms'],
  [1_500_000_000n, '1.5s'],
  [123_400_000_000n, '2m3.4s'],
  [3_600_000_000_000n, '1h0m0s'],
  [90_061_000_000_000n, '25h1m1s'],
  [-1_000_000_000n, '-1s'],
];

for (const [ns, text] of CASES) {
  test(`${ns}ns formats as ${text} and parses back`, (t) => {
    t.is(formatGoDuration(ns), text);
    t.is(parseGoDuration(text), ns);
  });
}

test('parses the forms Go accepts beyond String()', (t) => {
  t.is(parseGoDuration('1h30m'), 5_400_000_000_000n);
  t.is(parseGoDuration('.5s'), 500_000_000n);
  t.is(parseGoDuration('10us'), 10_000n);
  t.is(parseGoDuration('0'), 0n);
});

test('rejects what Go rejects', (t) => {
  for (const text of ['', '1', '1d', 'h', '1.5', 's1']) t.is(parseGoDuration(text), undefined, text);
});
