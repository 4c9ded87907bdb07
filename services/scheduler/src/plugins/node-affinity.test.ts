import test from 'ava';
import type { NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.js';
import { CycleState } from '../framework/cycle-state.js';
import { PreFilterResult } from '../framework/interface.js';
import { Snapshot } from '../framework/snapshot.js';
import { Status } from '../framework/status.js';
import { runFilter, runScore } from '../framework/testing/run-plugin.js';
import { makeNode, makePod } from '../framework/testing/objects.js';
import { ERR_REASON_CONFLICT, ERR_REASON_POD, fitsNodeAffinity, NodeAffinityPlugin, requiredNodeNames } from './node-affinity.js';

const snapshot = Snapshot.fromNodesAndPods(
  [makeNode('a1', { labels: { zone: 'a', disk: 'ssd' } }), makeNode('a2', { labels: { zone: 'a' } }), makeNode('b1', { labels: { zone: 'b', disk: 'ssd' } })],
  [],
);

const requiring = (...terms: NodeSelectorTerm[]) => makePod('p', { spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });
const fitting = (statuses: Map<string, Status>) => [...statuses].filter(([, status]) => status.isSuccess()).map(([node]) => node);

test('nodeSelector and required node affinity filter nodes with the unresolvable reason', (t) => {
  const statuses = runFilter(new NodeAffinityPlugin(), makePod('p', { spec: { nodeSelector: { disk: 'ssd' } } }), snapshot);
  t.deepEqual(fitting(statuses), ['a1', 'b1']);
  t.is(statuses.get('a2')?.toString(), `UnschedulableAndUnresolvable: ${ERR_REASON_POD}`);
  t.deepEqual(fitting(runFilter(new NodeAffinityPlugin(), requiring({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), snapshot)), ['b1']);
});

test('a pod without node constraints skips the plugin', (t) => {
  const outcome = new NodeAffinityPlugin().preFilter(new CycleState(), makePod('p'));
  t.true(outcome instanceof Status && outcome.isSkip());
});

test('required matchFields on metadata.name narrow the nodes in PreFilter; names in no term conflict', (t) => {
  const named = (...names: string[]): NodeSelectorTerm => ({ matchFields: names.map((name) => ({ key: 'metadata.name', operator: 'In', values: [name] })) });
  t.deepEqual([...(requiredNodeNames(requiring(named('a1'), named('b1'))) ?? [])], ['a1', 'b1']);
  t.is(requiredNodeNames(requiring(named('a1'), { matchExpressions: [{ key: 'zone', operator: 'Exists' }] })), undefined, 'a term without names allows any node');
  const outcome = new NodeAffinityPlugin().preFilter(new CycleState(), requiring(named('a1')));
  t.true(outcome instanceof PreFilterResult);
  const conflict = new NodeAffinityPlugin().preFilter(new CycleState(), requiring(named('a1', 'b1')));
  t.is(conflict.toString(), `UnschedulableAndUnresolvable: ${ERR_REASON_CONFLICT}`);
});

test('preferred terms score by the sum of matching weights, normalized so the best node gets 100', (t) => {
  const preferred: PreferredSchedulingTerm[] = [
    { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
    { weight: 6, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
  ];
  const pod = makePod('p', { spec: { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } } });
  t.deepEqual(Object.fromEntries(runScore(new NodeAffinityPlugin(), pod, snapshot) as Map<string, number>), { a1: 100, a2: 25, b1: 75 });
  const unscored = runScore(new NodeAffinityPlugin(), makePod('p'), snapshot);
  t.true(unscored instanceof Status && unscored.isSkip(), 'no preferences, no score');
});

test('fitsNodeAffinity is the pure check', (t) => {
  const pod = requiring({ matchExpressions: [{ key: 'disk', operator: 'Exists' }] });
  t.true(fitsNodeAffinity(pod, snapshot.get('a1')!.node));
  t.false(fitsNodeAffinity(pod, snapshot.get('a2')!.node));
});
