import test from 'ava';
import { FlagError } from '@kubeling/component-base';
import { parseHollowNodeFlags } from './flags.js';

const REQUIRED = ['--kubeconfig', '/tmp/admin.kubeconfig', '--grpc-server', '127.0.0.1:6444', '--count', '100'];

test('defaults: hollow-node- names, 4 cpu, 8Gi, 110 pods, no zones, 10 s heartbeats and renewals, 40 s leases', (t) => {
  t.deepEqual(parseHollowNodeFlags(REQUIRED), {
    kubeconfig: '/tmp/admin.kubeconfig',
    grpcServer: '127.0.0.1:6444',
    count: 100,
    namePrefix: 'hollow-node-',
    capacity: { cpu: '4', memory: '8Gi', pods: '110' },
    zones: 0,
    nodeLabels: {},
    registerWithTaints: [],
    nodeStatusUpdateFrequencyMs: 10_000,
    nodeLeaseRenewIntervalMs: 10_000,
    nodeLeaseDurationSeconds: 40,
    logLevel: 'info',
  });
});

test('--flag=value and --flag value, labels and taints as the kubelet takes them', (t) => {
  const flags = parseHollowNodeFlags([
    ...REQUIRED,
    '--name-prefix=bench-',
    '--capacity-cpu',
    '8',
    '--capacity-memory=32Gi',
    '--zones=3',
    '--node-labels=pool=hollow,tier=',
    '--register-with-taints=dedicated=bench:NoSchedule,hollow:PreferNoSchedule',
    '--node-status-update-frequency=1m',
    '--node-lease-renew-interval',
    '500ms',
  ]);
  t.like(flags, { namePrefix: 'bench-', capacity: { cpu: '8', memory: '32Gi', pods: '110' }, zones: 3, nodeStatusUpdateFrequencyMs: 60_000, nodeLeaseRenewIntervalMs: 500 });
  t.deepEqual(flags.nodeLabels, { pool: 'hollow', tier: '' });
  t.deepEqual(flags.registerWithTaints, [
    { key: 'dedicated', value: 'bench', effect: 'NoSchedule' },
    { key: 'hollow', effect: 'PreferNoSchedule' },
  ]);
});

test('bad input is a FlagError naming the flag', (t) => {
  const fails = (argv: string[], message: string | RegExp) => t.throws(() => parseHollowNodeFlags(argv), { instanceOf: FlagError, message }, argv.join(' '));
  fails([...REQUIRED, '--nodes', '3'], 'unknown flag: --nodes');
  fails([...REQUIRED, 'extra'], 'unexpected argument "extra"');
  fails([...REQUIRED, '--zones'], 'flag needs an argument: --zones');
  fails(['--kubeconfig', 'k', '--grpc-server', '127.0.0.1:1'], '--count is required');
  fails(['--count', '1', '--grpc-server', '127.0.0.1:1'], '--kubeconfig is required');
  fails([...REQUIRED, '--count', '0'], 'invalid value "0" for flag --count: must be an integer ≥ 1');
  fails([...REQUIRED, '--grpc-server', 'localhost'], 'invalid value "localhost" for flag --grpc-server: must be host:port');
  fails([...REQUIRED, '--capacity-memory', '8GB'], /^invalid value "8GB" for flag --capacity-memory: /);
  fails([...REQUIRED, '--node-status-update-frequency', '10'], 'invalid value "10" for flag --node-status-update-frequency: must be a duration such as 10s, 1m30s or 500ms');
  fails([...REQUIRED, '--node-lease-renew-interval', '0'], 'invalid value "0" for flag --node-lease-renew-interval: must be positive');
  fails([...REQUIRED, '--node-labels', 'novalue'], 'invalid value "novalue" for flag --node-labels: "novalue" is not key=value');
  fails([...REQUIRED, '--register-with-taints', 'k=v:Sometimes'], /^invalid value "k=v:Sometimes" for flag --register-with-taints: /);
});
