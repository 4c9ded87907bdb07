import test from 'ava';
import { formatCriLine, parseCriLine, splitDockerTimestamp } from './log-format.js';

test('CRI log lines are written and read back', (t) => {
  const line = formatCriLine('2026-12-02T18:27:33.123456789Z', 'stderr', 'hello world');
  t.is(line, '2026-12-02T18:27:33.123456789Z stderr F hello world\n');
  t.like(parseCriLine(line.trimEnd()), { stream: 'stderr', partial: false, content: 'hello world', timestamp: 1796236053123456789n });
  t.like(parseCriLine(formatCriLine('2026-12-02T18:27:33Z', 'stdout', '', true).slice(0, -1)), { stream: 'stdout', partial: true, content: '' });
  t.is(parseCriLine('garbage'), undefined);
});

test('docker log entries split into time and content', (t) => {
  t.deepEqual(splitDockerTimestamp('2026-12-02T18:27:33.1Z a b c'), { time: '2026-12-02T18:27:33.1Z', content: 'a b c' });
  t.deepEqual(splitDockerTimestamp('2026-12-02T18:27:33.1Z'), { time: '2026-12-02T18:27:33.1Z', content: '' });
  t.is(splitDockerTimestamp('no timestamp here'), undefined);
});
