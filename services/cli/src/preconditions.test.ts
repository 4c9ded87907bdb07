import test from 'ava';
import { inotifyInstances, openFiles, preconditions } from './preconditions.js';

test('kernel limits pass at what this machine has and fail, with the fix, above it', async (t) => {
  t.is(await inotifyInstances(1).problem(), undefined);
  t.regex((await inotifyInstances(1_000_000_000).problem()) ?? '', /fs\.inotify\.max_user_instances is \d+: raise it with `sysctl -w fs\.inotify\.max_user_instances=1000000000`/);
  t.is(await openFiles(1).problem(), undefined);
  t.regex((await openFiles(1_000_000_000).problem()) ?? '', /the open-file limit is \d+: raise it with `ulimit -n 1000000000`/);
});

test('Docker and iptables are checked only when the cluster has nodes', (t) => {
  t.deepEqual(preconditions(0).map((c) => c.title), ['inotify allows at least 128 instances per user', 'at least 4096 open files per process']);
  t.deepEqual(preconditions(2).map((c) => c.title).slice(0, 2), ['Docker is reachable', 'iptables is present']);
});
