import test from 'ava';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { podPrinter } from './pods.js';

const now = new Date('2026-11-24T01:47:08Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

function pod(overrides: { spec?: Partial<Pod['spec']>; status?: Pod['status']; metadata?: Pod['metadata'] } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: minutesAgo(60), ...overrides.metadata },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...overrides.spec },
    status: overrides.status,
  };
}

function running(name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, image: 'nginx', imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: minutesAgo(59) } }, ...extra };
}

/** NAME READY STATUS RESTARTS AGE */
const narrow = (p: Pod) => podPrinter.cells(p, now).slice(0, 5);

test('columns are Kubernetes: NAME READY STATUS RESTARTS AGE, wide IP NODE NOMINATED NODE READINESS GATES', (t) => {
  t.deepEqual(
    podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ],
  );
});

test('a running pod, with every wide cell', (t) => {
  const p = pod({
    spec: { nodeName: 'node-1' },
    status: { phase: 'Running', podIP: '10.244.0.82', podIPs: [{ ip: '10.244.0.82' }], containerStatuses: [running('app')] },
  });
  t.deepEqual(podPrinter.cells(p, now), ['web', '1/1', 'Running', '0', '60m', '10.244.0.82', 'node-1', '<none>', '<none>']);
  t.is(podPrinter.conditions?.(p), undefined);
});

test('a pending pod not yet scheduled shows <none> for IP and node', (t) => {
  const p = pod({ status: { phase: 'Pending' } });
  t.deepEqual(podPrinter.cells(p, now), ['web', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>']);
});

test('the IP falls back to status.podIP when podIPs is absent', (t) => {
  const p = pod({ status: { phase: 'Running', podIP: '10.244.1.7' } });
  t.is(podPrinter.cells(p, now)[5], '10.244.1.7');
});

test('a container being created', (t) => {
  const p = pod({
    status: { phase: 'Pending', containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] },
  });
  t.deepEqual(narrow(p), ['web', '0/1', 'ContainerCreating', '0', '60m']);
});

test('CrashLoopBackOff with 3 restarts, the last 5 minutes ago', (t) => {
  const p = pod({
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          image: 'busybox',
          imageID: '',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: minutesAgo(6), finishedAt: minutesAgo(5) } },
        },
      ],
    },
  });
  t.deepEqual(narrow(p), ['web', '0/1', 'CrashLoopBackOff', '3 (5m ago)', '60m']);
});

test('restarts without a known last termination show the count alone', (t) => {
  const p = pod({ status: { phase: 'Running', containerStatuses: [running('app', { restartCount: 2 })] } });
  t.is(narrow(p)[3], '2');
});

test('the latest termination across containers dates the restarts', (t) => {
  const p = pod({
    spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    status: {
      phase: 'Running',
      containerStatuses: [
        running('a', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(90) } } }),
        running('b', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(3) } } }),
      ],
    },
  });
  t.deepEqual(narrow(p).slice(1, 4), ['2/2', 'Running', '3 (3m ago)']);
});

test('a completed pod says Completed and carries the Completed row condition', (t) => {
  const p = pod({
    status: {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    },
  });
  t.deepEqual(narrow(p), ['web', '0/1', 'Completed', '0', '60m']);
  t.deepEqual(podPrinter.conditions?.(p), [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
});

test('a failed pod says Error', (t) => {
  const p = pod({
    status: {
      phase: 'Failed',
      containerStatuses: [{ name: 'app', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    },
  });
  t.is(narrow(p)[2], 'Error');
  t.deepEqual(podPrinter.conditions?.(p), [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]);
});

test('a container terminated without a reason shows its signal or exit code', (t) => {
  const terminated = (state: { exitCode: number; signal?: number }) =>
    pod({ status: { phase: 'Running', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: state } }] } });
  t.is(narrow(terminated({ exitCode: 137 }))[2], 'ExitCode:137');
  t.is(narrow(terminated({ exitCode: 137, signal: 9 }))[2], 'Signal:9');
});

test('an evicted pod shows the pod reason', (t) => {
  const p = pod({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } });
  t.is(narrow(p)[2], 'Evicted');
});

test('the first container with a reason names the status', (t) => {
  const p = pod({
    spec: { containers: [{ name: 'a' }, { name: 'b' }] },
    status: {
      phase: 'Pending',
      containerStatuses: [
        { name: 'a', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } },
        { name: 'b', image: 'y', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
      ],
    },
  });
  t.is(narrow(p)[2], 'ImagePullBackOff');
});

test('a pod with one container completed and one running is Running when Ready, else NotReady', (t) => {
  const status = (ready: 'True' | 'False') => ({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready }],
    containerStatuses: [
      { name: 'job', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      running('server'),
    ],
  });
  const spec = { containers: [{ name: 'job' }, { name: 'server' }] };
  t.deepEqual(narrow(pod({ spec, status: status('True') })).slice(1, 3), ['1/2', 'Running']);
  t.is(narrow(pod({ spec, status: status('False') }))[2], 'NotReady');
});

const twoInitContainers = { initContainers: [{ name: 'migrate' }, { name: 'seed' }] };

test('initializing: Init:0/2 while the first init container runs', (t) => {
  const p = pod({
    spec: twoInitContainers,
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'migrate', image: 'x', imageID: '', ready: false, restartCount: 0, state: { running: { startedAt: minutesAgo(1) } } },
        { name: 'seed', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
      ],
      containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
    },
  });
  t.deepEqual(narrow(p), ['web', '0/1', 'Init:0/2', '0', '60m']);
});

test('initializing: Init:1/2 once the first init container succeeded', (t) => {
  const p = pod({
    spec: twoInitContainers,
    status: {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'migrate', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'seed', image: 'x', imageID: '', ready: false, restartCount: 0, state: { running: {} } },
      ],
    },
  });
  t.is(narrow(p)[2], 'Init:1/2');
});

test('a failed init container: Init:Error, Init:ExitCode:N, Init:CrashLoopBackOff, with its restarts', (t) => {
  const failing = (state: ContainerStatus['state'], restartCount = 0) =>
    pod({
      spec: twoInitContainers,
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          {
            name: 'migrate',
            image: 'x',
            imageID: '',
            ready: false,
            restartCount,
            state,
            lastState: restartCount ? { terminated: { exitCode: 1, finishedAt: minutesAgo(2) } } : undefined,
          },
        ],
      },
    });
  t.is(narrow(failing({ terminated: { exitCode: 1, reason: 'Error' } }))[2], 'Init:Error');
  t.is(narrow(failing({ terminated: { exitCode: 2 } }))[2], 'Init:ExitCode:2');
  t.is(narrow(failing({ terminated: { exitCode: 2, signal: 15 } }))[2], 'Init:Signal:15');
  t.deepEqual(narrow(failing({ waiting: { reason: 'CrashLoopBackOff' } }, 4)).slice(2, 4), ['Init:CrashLoopBackOff', '4 (2m ago)']);
});

test('a started sidecar counts as a ready container and does not hold initialization', (t) => {
  const p = pod({
    spec: { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [running('proxy', { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(30) } } })],
      containerStatuses: [running('app')],
    },
  });
  t.deepEqual(narrow(p).slice(1, 4), ['2/2', 'Running', '1 (30m ago)']);
});

test('a pod being deleted is Terminating, a finished one keeps its status', (t) => {
  const deleting = { name: 'web', creationTimestamp: minutesAgo(60), deletionTimestamp: minutesAgo(0) };
  t.is(narrow(pod({ metadata: deleting, status: { phase: 'Running', containerStatuses: [running('app')] } }))[2], 'Terminating');
  const done = { phase: 'Succeeded', containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] };
  t.is(narrow(pod({ metadata: deleting, status: done }))[2], 'Completed');
});

test('a pod on a lost node shows NodeLost, and Unknown once it is being deleted', (t) => {
  const status = { phase: 'Running', reason: 'NodeLost', containerStatuses: [running('app')] };
  t.is(narrow(pod({ status }))[2], 'NodeLost');
  t.is(narrow(pod({ metadata: { name: 'web', deletionTimestamp: minutesAgo(1) }, status }))[2], 'Unknown');
});

test('a pod held by a scheduling gate is SchedulingGated', (t) => {
  const p = pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] } });
  t.is(narrow(p)[2], 'SchedulingGated');
});

test('readiness gates count the true ones, and the nominated node shows', (t) => {
  const p = pod({
    spec: { readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
    status: { phase: 'Running', nominatedNodeName: 'node-2', conditions: [{ type: 'example.com/lb', status: 'True' }, { type: 'example.com/dns', status: 'False' }] },
  });
  const cells = podPrinter.cells(p, now);
  t.is(cells[7], 'node-2');
  t.is(cells[8], '1/2');
});

test('a pod without a creation timestamp has age <unknown>', (t) => {
  t.is(narrow(pod({ metadata: { name: 'web', creationTimestamp: undefined } }))[4], '<unknown>');
});
