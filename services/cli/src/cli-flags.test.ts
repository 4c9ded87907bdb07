import test from 'ava';
import { parseArgs, required, UsageError } from './cli-flags.js';

test('flags, switches and positionals', (t) => {
  const a = parseArgs(['stop', '--data-dir', '/d', '--all', 'store'], ['data-dir'], ['all']);
  t.deepEqual(a.positionals, ['stop', 'store']);
  t.is(a.flags.get('data-dir'), '/d');
  t.is(a.flags.get('all'), 'true');
  t.is(parseArgs(['--data-dir=/e'], ['data-dir']).flags.get('data-dir'), '/e');
});

test('unknown, incomplete and missing flags are usage errors naming the flag', (t) => {
  t.throws(() => parseArgs(['--bogus', '1'], ['data-dir']), { instanceOf: UsageError, message: /--bogus/ });
  t.throws(() => parseArgs(['--data-dir'], ['data-dir']), { instanceOf: UsageError, message: /--data-dir/ });
  t.throws(() => required(parseArgs([], ['data-dir']), 'data-dir'), { instanceOf: UsageError, message: /--data-dir/ });
});
