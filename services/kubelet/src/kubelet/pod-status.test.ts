import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { generatePodStatus, type PodStatusInput, type WaitingReason } from './pod-status.js';
import type { RuntimePod } from './runtime-pod.js';
import { container, pod, sandbox } from './runtime-fixtures.test-support.js';

const NOW = '2026-12-02T15:00:00Z';

function status(p: Pod, runtime: RuntimePod, options: Partial<PodStatusInput> & { waiting?: Map<string, WaitingReason> } = {}) {
  return generatePodStatus({ pod: p, runtime, waiting: new Map(), isStarted: () => true, isReady: () => true, hostIP: '10.244.0.1', now: NOW, ...options });
}

const conditions = (s: ReturnType<typeof status>) => Object.fromEntries(s.conditions!.map((c) => [c.type, c.status]));

test('no container yet: Pending, ContainerCreating, not ready', (t) => {
  const s = status(pod(), { sandboxes: [], containers: [] });
  t.is(s.phase, 'Pending');
  t.deepEqual(s.containerStatuses![0]!.state, { waiting: { reason: 'ContainerCreating' } });
  t.deepEqual(conditions(s), { PodReadyToStartContainers: 'False', Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' });
  t.false('podIP' in s);
  t.is(s.startTime, NOW);
});

test('a running container: Running, Ready, with the pod IP, the container id and its start time', (t) => {
  const s = status(pod(), { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running')] });
  t.is(s.phase, 'Running');
  t.like(s, { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], hostIP: '10.244.0.1', hostIPs: [{ ip: '10.244.0.1' }] });
  t.like(s.containerStatuses![0], { name: 'app', ready: true, started: true, restartCount: 0, containerID: 'docker://app-0', imageID: 'sha256:abc', state: { running: { startedAt: '2026-12-02T14:00:00Z' } } });
  t.deepEqual(conditions(s), { PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' });
});

test('a readiness probe that has not passed keeps Ready False with the unready containers named', (t) => {
  const s = status(pod(), { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running')] }, { isReady: () => false });
  t.like(s.conditions!.find((c) => c.type === 'Ready'), { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
});

test('a container in CrashLoopBackOff waits with the reason, its last exit as lastState, and the restart count', (t) => {
  const waiting = new Map([['app', { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=p_default(uid-1)' }]]);
  const s = status(pod(), { sandboxes: [sandbox('s0')], containers: [container('app', 1, { exitCode: 3 }), container('app', 0, { exitCode: 3 })] }, { waiting });
  t.is(s.phase, 'Running');
  const c = s.containerStatuses![0]!;
  t.deepEqual(c.state, { waiting: waiting.get('app') });
  t.like(c.lastState, { terminated: { exitCode: 3, reason: 'Error', containerID: 'docker://app-1' } });
  t.is(c.restartCount, 1);
});

test('a running container after a crash keeps the previous exit as its last state', (t) => {
  const s = status(pod(), { sandboxes: [sandbox('s0')], containers: [container('app', 1, 'running'), container('app', 0, { exitCode: 3 })] });
  t.like(s.containerStatuses![0], { restartCount: 1, state: { running: { startedAt: '2026-12-02T14:00:10Z' } }, lastState: { terminated: { exitCode: 3 } } });
});

test('restartPolicy Never: all exited 0 is Succeeded (ContainersReady PodCompleted), any failure Failed', (t) => {
  const ok = status(pod({ restartPolicy: 'Never' }), { sandboxes: [sandbox('s0')], containers: [container('app', 0, { exitCode: 0 })] });
  t.is(ok.phase, 'Succeeded');
  t.like(ok.containerStatuses![0], { state: { terminated: { exitCode: 0, reason: 'Completed' } } });
  t.like(ok.conditions!.find((c) => c.type === 'ContainersReady'), { status: 'False', reason: 'PodCompleted' });
  const bad = status(pod({ restartPolicy: 'Never' }), { sandboxes: [sandbox('s0')], containers: [container('app', 0, { exitCode: 1 })] });
  t.is(bad.phase, 'Failed');
  t.is(status(pod({ restartPolicy: 'OnFailure' }), { sandboxes: [], containers: [container('app', 0, { exitCode: 1 })] }).phase, 'Running', 'it will run again');
  t.is(status(pod({ restartPolicy: 'OnFailure' }), { sandboxes: [], containers: [container('app', 0, { exitCode: 0 })] }).phase, 'Succeeded');
});

test('a terminal phase never changes, whatever the runtime says', (t) => {
  t.is(status(pod({}, { phase: 'Failed' }), { sandboxes: [], containers: [] }).phase, 'Failed');
});

test('init containers: PodInitializing until they all exited 0; a failed one fails a Never pod', (t) => {
  const spec = { initContainers: [{ name: 'init', image: 'kubeling/busybox:1' }] };
  const running = status(pod(spec), { sandboxes: [sandbox('s0')], containers: [container('init', 0, 'running')] });
  t.is(running.phase, 'Pending');
  t.deepEqual(running.containerStatuses![0]!.state, { waiting: { reason: 'PodInitializing' } });
  t.like(running.conditions!.find((c) => c.type === 'Initialized'), { status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
  const done = status(pod(spec), { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running'), container('init', 0, { exitCode: 0 })] });
  t.like(done, { phase: 'Running', initContainerStatuses: [{ name: 'init', ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
  t.is(conditions(done).Initialized, 'True');
  t.is(status(pod({ ...spec, restartPolicy: 'Never' }), { sandboxes: [sandbox('s0')], containers: [container('init', 0, { exitCode: 1 })] }).phase, 'Failed');
});

test('transition times stay while a condition keeps its status; others own conditions are kept', (t) => {
  const old = { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-12-02T14:00:00Z' }, { type: 'example.com/gate', status: 'True' }], startTime: '2026-12-02T14:00:00Z' };
  const s = status(pod({ readinessGates: [{ conditionType: 'example.com/gate' }] }, old), { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running')] });
  t.is(s.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime, '2026-12-02T14:00:00Z');
  t.is(s.conditions!.find((c) => c.type === 'Initialized')!.lastTransitionTime, NOW);
  t.truthy(s.conditions!.find((c) => c.type === 'example.com/gate'));
  t.is(s.startTime, '2026-12-02T14:00:00Z');
});

test('an unmet readiness gate keeps the pod unready', (t) => {
  const s = status(pod({ readinessGates: [{ conditionType: 'example.com/gate' }] }), { sandboxes: [sandbox('s0')], containers: [container('app', 0, 'running')] });
  t.like(s.conditions!.find((c) => c.type === 'Ready'), { status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/gate" does not exist.' });
  t.is(conditions(s).ContainersReady, 'True');
});
