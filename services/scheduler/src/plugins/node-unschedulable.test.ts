import test from 'ava';
import { Snapshot } from '../framework/snapshot.js';
import { runFilter } from '../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../framework/testing/objects.js';
import { ERR_REASON_UNSCHEDULABLE, fitsSchedulable, NodeUnschedulablePlugin } from './node-unschedulable.js';

const snapshot = Snapshot.fromNodesAndPods([makeNode('cordoned', { spec: { unschedulable: true } }), makeNode('open')], []);

test('a cordoned node is unschedulable and unresolvable; others pass', (t) => {
  const statuses = runFilter(new NodeUnschedulablePlugin(), makePod('p'), snapshot);
  t.is(statuses.get('cordoned')?.code, 'UnschedulableAndUnresolvable');
  t.deepEqual(statuses.get('cordoned')?.reasons, [ERR_REASON_UNSCHEDULABLE]);
  t.true(statuses.get('open')?.isSuccess());
});

test('tolerating node.kubernetes.io/unschedulable:NoSchedule lets a pod onto a cordoned node', (t) => {
  const tolerations = [
    [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
    [{ operator: 'Exists' }],
  ];
  for (const toleration of tolerations) t.true(runFilter(new NodeUnschedulablePlugin(), makePod('p', { spec: { tolerations: toleration } }), snapshot).get('cordoned')?.isSuccess());
  const wrongEffect = makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] } });
  t.false(runFilter(new NodeUnschedulablePlugin(), wrongEffect, snapshot).get('cordoned')?.isSuccess());
});

test('fitsSchedulable is the pure check', (t) => {
  const cordoned = makeNode('c', { spec: { unschedulable: true } });
  t.false(fitsSchedulable(makePod('p'), cordoned));
  t.true(fitsSchedulable(makePod('p'), makeNode('open')));
  t.true(fitsSchedulable(makePod('p', { spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }), cordoned), 'Equal with an empty value');
});
