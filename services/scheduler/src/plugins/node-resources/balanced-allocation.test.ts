import test from 'ava';
import { Snapshot } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import { runScore } from '../../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../../framework/testing/objects.js';
import { nodeResourcesBalancedAllocationArgs } from './balanced-allocation-args.js';
import { balancedResourceScore, NodeResourcesBalancedAllocationPlugin } from './balanced-allocation.js';

const plugin = () => new NodeResourcesBalancedAllocationPlugin(nodeResourcesBalancedAllocationArgs.defaults());

test('nodes where cpu and memory would be used evenly score higher', (t) => {
  const snapshot = Snapshot.fromNodesAndPods([makeNode('empty'), makeNode('even')], [makePod('running', { nodeName: 'even', requests: { cpu: '1', memory: '3Gi' } })]);
  const scores = runScore(plugin(), makePod('p', { requests: { cpu: '1', memory: '1Gi' } }), snapshot) as Map<string, number>;
  // empty: cpu 1/4, memory 1/8 → 100 × (1 − 0.0625); even: 2/4 and 4/8.
  t.deepEqual(Object.fromEntries(scores), { empty: 93, even: 100 });
});

test('the standard deviation of the used fractions, each capped at 1, for any number of resources', (t) => {
  t.is(balancedResourceScore([3, 1], [4, 4]), 75);
  t.is(balancedResourceScore([8, 2], [4, 4]), 75, 'cpu over capacity counts as 1 (uncapped it would score 25)');
  t.is(balancedResourceScore([1, 2, 3], [4, 4, 4]), 79);
  t.is(balancedResourceScore([1, 5], [4, 0]), 100, 'a resource the node lacks is left out');
});

test('a pod that requests nothing is not scored (it would pile onto one node)', (t) => {
  const outcome = runScore(plugin(), makePod('p'), Snapshot.fromNodesAndPods([makeNode('n1')], []));
  t.true(outcome instanceof Status && outcome.isSkip());
});
