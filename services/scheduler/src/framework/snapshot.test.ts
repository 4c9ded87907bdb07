import test from 'ava';
import { Snapshot } from './snapshot.js';
import { makeNode, makePod } from './testing/objects.js';

const zoned = (name: string, zone: string) => makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } });

test('nodes are listed taking turns by zone, so the first nodes of the list span the zones', (t) => {
  const snapshot = new Snapshot([]);
  t.is(snapshot.numNodes, 0);
  const nodes = [zoned('a1', 'a'), zoned('a2', 'a'), zoned('a3', 'a'), zoned('b1', 'b'), makeNode('x1'), zoned('b2', 'b')];
  const names = Snapshot.fromNodesAndPods(nodes, [])
    .list()
    .map((info) => info.name);
  t.deepEqual(names, ['a1', 'b1', 'x1', 'a2', 'b2', 'a3']);
});

test('pods go to the node they are bound to; unbound, finished and orphaned pods are left out', (t) => {
  const pods = [
    makePod('running', { nodeName: 'n1' }),
    makePod('pending'),
    { ...makePod('done', { nodeName: 'n1' }), status: { phase: 'Succeeded' } },
    makePod('orphan', { nodeName: 'gone' }),
  ];
  const snapshot = Snapshot.fromNodesAndPods([makeNode('n1'), makeNode('n2')], pods);
  t.deepEqual(
    snapshot.get('n1')?.pods.map(({ pod }) => pod.metadata?.name),
    ['running'],
  );
  t.is(snapshot.get('n2')?.pods.length, 0);
  t.is(snapshot.get('gone'), undefined);
});

test('nodes with pods with affinity and with required anti-affinity are listed apart', (t) => {
  const term = { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'db' } } };
  const pods = [
    makePod('affine', { nodeName: 'n1', spec: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } }),
    makePod('anti', { nodeName: 'n2', spec: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } } }),
    makePod('plain', { nodeName: 'n3' }),
  ];
  const snapshot = Snapshot.fromNodesAndPods([makeNode('n1'), makeNode('n2'), makeNode('n3')], pods);
  t.deepEqual(
    snapshot.havePodsWithAffinityList().map((info) => info.name),
    ['n1', 'n2'],
  );
  t.deepEqual(
    snapshot.havePodsWithRequiredAntiAffinityList().map((info) => info.name),
    ['n2'],
  );
});
