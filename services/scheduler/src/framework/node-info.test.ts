import test from 'ava';
import { NodeInfo } from './node-info.js';
import { makeContainer, makeNode, makePod } from './testing/objects.js';

const MI = 1024 * 1024;

test('NodeInfo adds and removes what pods request, exact and non-zero', (t) => {
  const nodeInfo = new NodeInfo(makeNode('n1'));
  const a = makePod('a', { requests: { cpu: '500m', memory: '1Gi' } });
  const b = makePod('b');
  nodeInfo.addPod(a);
  nodeInfo.addPod(b);
  t.is(nodeInfo.requested.milliCPU, 500);
  t.is(nodeInfo.nonZeroRequested.milliCPU, 600);
  t.is(nodeInfo.nonZeroRequested.memory, 1024 * MI + 200 * MI);
  t.true(nodeInfo.removePod(a));
  t.is(nodeInfo.requested.milliCPU, 0);
  t.is(nodeInfo.requested.memory, 0);
  t.is(nodeInfo.nonZeroRequested.milliCPU, 100);
  t.false(nodeInfo.removePod(a), 'a pod not on the node is not removed twice');
  t.deepEqual(
    nodeInfo.pods.map(({ pod }) => pod.metadata?.name),
    ['b'],
  );
});

test('NodeInfo reads allocatable from the node status', (t) => {
  const nodeInfo = new NodeInfo(makeNode('n1', { allocatable: { cpu: '3500m', memory: '2Gi', pods: '10', 'example.com/gpu': '1' } }));
  t.is(nodeInfo.allocatable.milliCPU, 3500);
  t.is(nodeInfo.allocatable.memory, 2048 * MI);
  t.is(nodeInfo.allocatable.allowedPodNumber, 10);
  t.is(nodeInfo.allocatable.scalar('example.com/gpu'), 1);
});

test('NodeInfo holds the host ports of containers and sidecars, and frees them with the pod', (t) => {
  const nodeInfo = new NodeInfo(makeNode('n1'));
  const pod = makePod('web', {
    spec: {
      containers: [makeContainer('app', undefined, { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 9090 }] })],
      initContainers: [
        makeContainer('proxy', undefined, { restartPolicy: 'Always', ports: [{ containerPort: 15001, hostPort: 15001, protocol: 'UDP' }] }),
        makeContainer('setup', undefined, { ports: [{ containerPort: 7000, hostPort: 7000 }] }),
      ],
    },
  });
  nodeInfo.addPod(pod);
  t.true(nodeInfo.usedPorts.checkConflict({ hostPort: 8080 }));
  t.true(nodeInfo.usedPorts.checkConflict({ hostPort: 15001, protocol: 'UDP' }));
  t.false(nodeInfo.usedPorts.checkConflict({ hostPort: 7000 }), 'a plain init container has finished before the pod runs');
  nodeInfo.removePod(pod);
  t.false(nodeInfo.usedPorts.checkConflict({ hostPort: 8080 }));
});

test('NodeInfo tracks the pods with inter-pod affinity and with required anti-affinity', (t) => {
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } };
  const preferring = makePod('preferring', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: term }] } } } });
  const refusing = makePod('refusing', { spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } });
  const nodeInfo = new NodeInfo(makeNode('n1'), [preferring, refusing, makePod('plain')]);
  t.deepEqual(nodeInfo.podsWithAffinity.map(({ pod }) => pod.metadata?.name), ['preferring', 'refusing']);
  t.deepEqual(nodeInfo.podsWithRequiredAntiAffinity.map(({ pod }) => pod.metadata?.name), ['refusing']);
  nodeInfo.removePod(refusing);
  t.deepEqual(nodeInfo.podsWithAffinity.map(({ pod }) => pod.metadata?.name), ['preferring']);
  t.deepEqual(nodeInfo.podsWithRequiredAntiAffinity, []);
});
