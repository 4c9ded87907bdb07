import test from 'ava';
import { Snapshot } from '../framework/snapshot.js';
import { runFilter } from '../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../framework/testing/objects.js';
import { ERR_REASON_NODE_NAME, fitsNodeName, NodeNamePlugin } from './node-name.js';

const snapshot = Snapshot.fromNodesAndPods([makeNode('n1'), makeNode('n2')], []);

test('a pod naming a node fits only that node', (t) => {
  const statuses = runFilter(new NodeNamePlugin(), makePod('p', { spec: { nodeName: 'n2' } }), snapshot);
  t.is(statuses.get('n1')?.toString(), `UnschedulableAndUnresolvable: ${ERR_REASON_NODE_NAME}`);
  t.true(statuses.get('n2')?.isSuccess());
});

test('a pod naming no node fits every node', (t) => {
  const statuses = runFilter(new NodeNamePlugin(), makePod('p'), snapshot);
  t.true([...statuses.values()].every((status) => status.isSuccess()));
});

test('fitsNodeName is the pure check', (t) => {
  t.true(fitsNodeName(makePod('p', { spec: { nodeName: 'n1' } }), makeNode('n1')));
  t.false(fitsNodeName(makePod('p', { spec: { nodeName: 'n1' } }), makeNode('n2')));
  t.true(fitsNodeName(makePod('p'), makeNode('n2')));
});
