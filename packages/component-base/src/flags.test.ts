import test from 'ava';
import { FlagError, FlagValues, parseDuration, parseFlags } from './flags.js';

const set = { values: new Set(['kubeconfig', 'count', 'lease']), booleans: new Set(['leader-elect']) };

test('both pflag forms, bare booleans, and booleans that never take the next argument', (t) => {
  const f = new FlagValues(parseFlags(['--kubeconfig', 'a.conf', '--count=3', '--leader-elect', '--lease', '15s'], set));
  t.is(f.required('kubeconfig'), 'a.conf');
  t.is(f.integer('count', 1), 3);
  t.true(f.boolean('leader-elect', false));
  t.is(f.duration('lease', 0), 15_000);
  t.false(new FlagValues(parseFlags(['--leader-elect=false'], set)).boolean('leader-elect', true));
});

test('unknown, incomplete and bad flags are FlagErrors naming the flag', (t) => {
  t.throws(() => parseFlags(['--nope=1'], set), { instanceOf: FlagError, message: 'unknown flag: --nope' });
  t.throws(() => parseFlags(['--count'], set), { instanceOf: FlagError, message: 'flag needs an argument: --count' });
  t.throws(() => parseFlags(['stray'], set), { instanceOf: FlagError, message: 'unexpected argument "stray"' });
  t.throws(() => parseFlags(['--leader-elect=yes'], set), { message: /--leader-elect: must be true or false/ });
  t.throws(() => new FlagValues(parseFlags(['--count=x'], set)).integer('count', 1), { message: /invalid value "x" for flag --count/ });
  t.throws(() => new FlagValues(parseFlags(['--lease=10'], set)).duration('lease', 1), { message: /--lease: must be a duration/ });
  t.throws(() => new FlagValues(new Map()).required('kubeconfig'), { message: '--kubeconfig is required' });
});

test('Go durations', (t) => {
  t.is(parseDuration('1m30s'), 90_000);
  t.is(parseDuration('500ms'), 500);
  t.is(parseDuration('1.5h'), 5_400_000);
  t.is(parseDuration('0'), 0);
  for (const bad of ['', '10', '-1s', '1d', 's']) t.throws(() => parseDuration(bad), undefined, bad);
});
