import test from 'ava';
import { readinessOf, stateFromConditions } from './runtime-health.js';

const condition = (type: string, status: boolean, reason = '', message = '') => ({ type, status, reason, message });

test('a runtime and network that are ready make the node ready', (t) => {
  t.deepEqual(readinessOf(stateFromConditions([condition('RuntimeReady', true), condition('NetworkReady', true)], 1000), 2000), { ready: true });
});

test('a runtime never heard from, or silent for long, is not ready with the kubelet messages', (t) => {
  t.deepEqual(readinessOf({ lastSyncMs: 0 }, 1000), { ready: false, message: 'container runtime status check may not have completed yet' });
  t.deepEqual(readinessOf({ lastSyncMs: 1000 }, 40_000), { ready: false, message: 'container runtime is down' });
});

test('the runtime conditions that are false are named as the kubelet names them, aggregated', (t) => {
  const state = stateFromConditions([condition('RuntimeReady', true), condition('NetworkReady', false, 'NetworkPluginNotReady', 'no pod CIDR')], 1000);
  t.deepEqual(readinessOf(state, 1000), { ready: false, message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:no pod CIDR' });
  const both = stateFromConditions([condition('RuntimeReady', false, 'DockerDaemonNotReady', 'down')], 1000);
  t.deepEqual(readinessOf(both, 1000), {
    ready: false,
    message: '[container runtime not ready: RuntimeReady=false reason:DockerDaemonNotReady message:down, container runtime network not ready: <nil>]',
  });
});
