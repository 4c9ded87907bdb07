import test from 'ava';
import { parseControllerManagerFlags } from './flags.js';

test('defaults are kube-controller-manager\'s', (t) => {
  const f = parseControllerManagerFlags(['--kubeconfig', 'k']);
  t.deepEqual(f.concurrentSyncs, { replicaset: 5, rc: 5, deployment: 5, endpoint: 5, serviceEndpoint: 5, namespace: 10, gc: 20, serviceaccount: 1 });
  t.is(f.nodeMonitorPeriodMs, 5_000);
  t.is(f.nodeMonitorGracePeriodMs, 40_000);
  t.is(f.nodeStartupGracePeriodMs, 60_000);
  t.is(f.nodeEvictionRate, 0.1);
  t.is(f.maxEndpointsPerSlice, 100);
  t.deepEqual(f.controllers, ['*']);
});

test('concurrency, durations and rates are read and checked, each error naming its flag', (t) => {
  const f = parseControllerManagerFlags(['--kubeconfig=k', '--concurrent-deployment-syncs=2', '--concurrent-gc-syncs', '7', '--node-monitor-grace-period=8s', '--node-eviction-rate=2.5']);
  t.is(f.concurrentSyncs.deployment, 2);
  t.is(f.concurrentSyncs.gc, 7);
  t.is(f.nodeMonitorGracePeriodMs, 8_000);
  t.is(f.nodeEvictionRate, 2.5);
  t.throws(() => parseControllerManagerFlags(['--kubeconfig=k', '--concurrent-replicaset-syncs=0']), { message: /--concurrent-replicaset-syncs/ });
  t.throws(() => parseControllerManagerFlags(['--kubeconfig=k', '--node-monitor-grace-period=soon']), { message: /--node-monitor-grace-period/ });
  t.throws(() => parseControllerManagerFlags(['--kubeconfig=k', '--node-eviction-rate=-1']), { message: /--node-eviction-rate/ });
  t.throws(() => parseControllerManagerFlags(['--kubeconfig=k', '--max-endpoints-per-slice=1001']), { message: /--max-endpoints-per-slice/ });
});
