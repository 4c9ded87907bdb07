import test from 'ava';
import { computePodActions, nextInitContainer } from './pod-actions.js';
import { container, pod, sandbox } from './runtime-fixtures.test-support.js';

const healthy = () => undefined;
const names = (containers: Array<{ name: string }>) => containers.map((c) => c.name);

test('a pod with no sandbox gets one at attempt 0 and all its containers', (t) => {
  const actions = computePodActions(pod({ containers: [{ name: 'a' }, { name: 'b' }] }), { sandboxes: [], containers: [] }, healthy);
  t.like(actions, { createSandbox: true, killPod: true, attempt: 0 });
  t.deepEqual(names(actions.containersToStart), ['a', 'b']);
});

test('a dead sandbox is replaced with the next attempt; a pod that must not restart stays down', (t) => {
  const runtime = { sandboxes: [sandbox('s0', false, 0)], containers: [container('app', 0, { exitCode: 0 })] };
  t.like(computePodActions(pod(), runtime, healthy), { createSandbox: true, attempt: 1 });
  t.like(computePodActions(pod({ restartPolicy: 'Never' }), runtime, healthy), { createSandbox: false, killPod: true });
  t.like(computePodActions(pod({ restartPolicy: 'OnFailure' }), runtime, healthy), { createSandbox: false, killPod: true }, 'nothing left to run');
});

test('restart policies decide which exited containers start again', (t) => {
  const runtime = { sandboxes: [sandbox('s0')], containers: [container('ok', 0, { exitCode: 0 }), container('bad', 0, { exitCode: 2 }), container('up', 0, 'running')] };
  const spec = { containers: [{ name: 'ok' }, { name: 'bad' }, { name: 'up' }] };
  t.deepEqual(names(computePodActions(pod({ ...spec, restartPolicy: 'Always' }), runtime, healthy).containersToStart), ['ok', 'bad']);
  t.deepEqual(names(computePodActions(pod({ ...spec, restartPolicy: 'OnFailure' }), runtime, healthy).containersToStart), ['bad']);
  const never = computePodActions(pod({ ...spec, restartPolicy: 'Never' }), runtime, healthy);
  t.deepEqual(never.containersToStart, []);
  t.false(never.killPod, 'a container still runs');
});

test('all containers done and none to restart: the pod is killed (its sandbox stopped)', (t) => {
  const runtime = { sandboxes: [sandbox('s0')], containers: [container('app', 0, { exitCode: 1 })] };
  t.like(computePodActions(pod({ restartPolicy: 'Never' }), runtime, healthy), { killPod: true, createSandbox: false, containersToStart: [] });
});

test('a failed liveness probe kills the container and starts it again unless the policy is Never', (t) => {
  const runtime = { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running')] };
  const failing = (_name: string, id: string) => (id === 'app-0' ? 'Container app failed liveness probe, will be restarted' : undefined);
  const actions = computePodActions(pod(), runtime, failing);
  t.deepEqual(actions.containersToKill, [{ id: 'app-0', name: 'app', message: 'Container app failed liveness probe, will be restarted' }]);
  t.deepEqual(names(actions.containersToStart), ['app']);
  t.deepEqual(computePodActions(pod({ restartPolicy: 'Never' }), runtime, failing).containersToStart, []);
});

test('init containers run one at a time, in order, before any app container', (t) => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }] };
  t.deepEqual(nextInitContainer(pod(spec), { sandboxes: [], containers: [] }), { done: false, next: { name: 'i1' } });
  t.deepEqual(nextInitContainer(pod(spec), { sandboxes: [], containers: [container('i1', 0, 'running')] }), { done: false });
  t.like(nextInitContainer(pod(spec), { sandboxes: [], containers: [container('i1', 0, { exitCode: 0 })] }), { done: false, next: { name: 'i2' } });
  t.deepEqual(nextInitContainer(pod(spec), { sandboxes: [], containers: [container('i2', 0, { exitCode: 0 }), container('i1', 0, { exitCode: 0 })] }), { done: true });
  const failed = { sandboxes: [sandbox('s0')], containers: [container('i1', 0, { exitCode: 1 })] };
  t.like(computePodActions(pod(spec), failed, healthy), { nextInitContainerToStart: { name: 'i1' }, containersToStart: [] });
  t.like(computePodActions(pod({ ...spec, restartPolicy: 'Never' }), failed, healthy), { killPod: true, nextInitContainerToStart: undefined });
});
