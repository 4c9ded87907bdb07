import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { containerId, runningPodStatus, runningStatusPatch } from './pod-status.js';

const NOW = '2026-12-02T14:00:00Z';
const SCHEDULED = '2026-12-02T13:59:59Z';
const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'uid-1' },
  spec: {
    nodeName: 'hollow-node-0',
    initContainers: [
      { name: 'setup', image: 'busybox' },
      { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
    ],
    containers: [
      { name: 'app', image: 'nginx:1.27' },
      { name: 'sidecar', image: 'busybox' },
    ],
  },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: SCHEDULED }] },
};

test('a running pod: phase, ready conditions, the node and pod IPs, start time', (t) => {
  const status = runningPodStatus(pod, { podIP: '10.128.0.7', now: NOW });
  t.like(status, { phase: 'Running', hostIP: '127.0.0.1', hostIPs: [{ ip: '127.0.0.1' }], podIP: '10.128.0.7', podIPs: [{ ip: '10.128.0.7' }], startTime: NOW });
  t.deepEqual(
    status.conditions!.map((c) => [c.type, c.status, c.lastTransitionTime]),
    [
      ['PodReadyToStartContainers', 'True', NOW],
      ['Initialized', 'True', NOW],
      ['Ready', 'True', NOW],
      ['ContainersReady', 'True', NOW],
      ['PodScheduled', 'True', SCHEDULED],
    ],
  );
});

test('every container running and ready, with its image and a hollow container ID', (t) => {
  const status = runningPodStatus(pod, { podIP: '10.128.0.7', now: NOW });
  t.deepEqual(status.containerStatuses![0], {
    name: 'app',
    state: { running: { startedAt: NOW } },
    lastState: {},
    ready: true,
    started: true,
    restartCount: 0,
    image: 'nginx:1.27',
    imageID: 'hollow://nginx:1.27',
    containerID: 'hollow://uid-1/app',
  });
  t.deepEqual(
    status.containerStatuses!.map((c) => c.containerID),
    [containerId('uid-1', 'app'), containerId('uid-1', 'sidecar')],
  );
});

test('init containers have completed, sidecars among them run', (t) => {
  const [setup, proxy] = runningPodStatus(pod, { podIP: '10.128.0.7', now: NOW }).initContainerStatuses!;
  t.like(setup, { name: 'setup', ready: true, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', containerID: 'hollow://uid-1/setup' } } });
  t.like(proxy, { name: 'proxy', ready: true, started: true, state: { running: { startedAt: NOW } } });
  t.false('initContainerStatuses' in runningPodStatus({ ...pod, spec: { containers: pod.spec!.containers } }, { podIP: '10.128.0.7', now: NOW }));
});

test('without a PodScheduled condition on the pod, it is scheduled now', (t) => {
  const status = runningPodStatus({ ...pod, status: {} }, { podIP: '10.128.0.7', now: NOW });
  t.like(status.conditions![4], { type: 'PodScheduled', lastTransitionTime: NOW });
});

test('the status patch names the pod uid', (t) => {
  t.deepEqual(runningStatusPatch(pod, { podIP: '10.128.0.7', now: NOW }).metadata, { uid: 'uid-1' });
});
