import test from 'ava';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../framework/snapshot.js';
import { Status } from '../framework/status.js';
import { fakeHandle, type ListedObjects } from '../framework/testing/fake-handle.js';
import { runScore } from '../framework/testing/run-plugin.js';
import { makeNode, makePod, type PodOptions } from '../framework/testing/objects.js';
import { SelectorSpreadPlugin } from './selector-spread.js';

const replicaSet: ReplicaSet = { metadata: { name: 'web-abc', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: {} } };
const ownedBy = { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true }] };

function replica(name: string, nodeName?: string, options: PodOptions = {}): Pod {
  const pod = makePod(name, { labels: { app: 'web' }, nodeName, ...options });
  return { ...pod, metadata: { ...pod.metadata, ...ownedBy } };
}

function scores(nodes: Node[], pods: Pod[], incoming = replica('new'), objects: ListedObjects = { replicaSets: [replicaSet] }): Record<string, number> | Status {
  const snapshot = Snapshot.fromNodesAndPods(nodes, pods);
  const outcome = runScore(new SelectorSpreadPlugin(fakeHandle(snapshot, objects)), incoming, snapshot);
  return outcome instanceof Status ? outcome : Object.fromEntries(outcome);
}

const zoned = (name: string, zone: string) => makeNode(name, { labels: { 'topology.kubernetes.io/zone': zone } });

test("a ReplicaSet's pods spread over nodes: fewer of its pods on a node score higher", (t) => {
  t.deepEqual(scores([makeNode('n1'), makeNode('n2'), makeNode('n3')], [replica('r1', 'n1'), replica('r2', 'n1'), replica('r3', 'n3')]), { n1: 0, n2: 100, n3: 50 });
});

test('with zones, two thirds of the score is the zone spread', (t) => {
  // Zone a holds 2, zone b 1: n2 is empty but in the crowded zone.
  const nodes = [zoned('n1', 'a'), zoned('n2', 'a'), zoned('n3', 'b')];
  t.deepEqual(scores(nodes, [replica('r1', 'n1'), replica('r2', 'n1'), replica('r3', 'n3')]), { n1: 0, n3: 50, n2: 33 });
});

test('only pods of the same namespace, selected and not being deleted, count', (t) => {
  const deleting = replica('r2', 'n2');
  deleting.metadata = { ...deleting.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' };
  const pods = [replica('r1', 'n1'), deleting, makePod('other', { labels: { app: 'db' }, nodeName: 'n2' }), replica('elsewhere', 'n2', { namespace: 'other' })];
  t.deepEqual(scores([makeNode('n1'), makeNode('n2')], pods), { n1: 0, n2: 100 });
});

test('Services selecting the pod count too; a pod of no workload spreads over nothing', (t) => {
  const service: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } };
  const loose = makePod('new', { labels: { app: 'web' } });
  const pods = [makePod('w1', { labels: { app: 'web' }, nodeName: 'n1' })];
  t.deepEqual(scores([makeNode('n1'), makeNode('n2')], pods, loose, { services: [service] }), { n1: 0, n2: 100 });
  t.deepEqual(scores([makeNode('n1'), makeNode('n2')], pods, loose, {}), { n1: 100, n2: 100 });
});

test('pods with their own topology spread constraints are left to PodTopologySpread', (t) => {
  const constrained = replica('new', undefined, { spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' }] } });
  const outcome = scores([makeNode('n1')], [], constrained);
  t.true(outcome instanceof Status && outcome.isSkip());
});
