import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Snapshot } from '../../framework/snapshot.js';
import { runFilter, runScore } from '../../framework/testing/run-plugin.js';
import { makeContainer, makeNode, makePod } from '../../framework/testing/objects.js';
import { podResourceRequest } from '../../framework/pod-requests.js';
import { nodeResourcesFitArgs, type NodeResourcesFitArgs } from './fit-args.js';
import { fitsRequest, NodeResourcesFitPlugin } from './fit.js';
import { leastRequestedScore, mostRequestedScore } from './scoring-strategies.js';

const plugin = (args: Partial<NodeResourcesFitArgs> = {}) => new NodeResourcesFitPlugin({ ...nodeResourcesFitArgs.defaults(), ...args });

/** One node with 4 cpu, 8Gi, 2 pods and 1 GPU allocatable, already running a pod requesting 3 cpu and 6Gi. */
const snapshot = Snapshot.fromNodesAndPods(
  [makeNode('n1', { allocatable: { cpu: '4', memory: '8Gi', pods: '2', 'ephemeral-storage': '10Gi', 'example.com/gpu': '1' } })],
  [makePod('running', { nodeName: 'n1', requests: { cpu: '3', memory: '6Gi' } })],
);

const reasonsFor = (pod: Pod, args: Partial<NodeResourcesFitArgs> = {}) => runFilter(plugin(args), pod, snapshot).get('n1')?.reasons;

test('a pod fits when each requested resource fits in allocatable minus what pods already request', (t) => {
  t.deepEqual(reasonsFor(makePod('p', { requests: { cpu: '1', memory: '2Gi' } })), []);
  t.deepEqual(reasonsFor(makePod('p', { requests: { cpu: '1001m' } })), ['Insufficient cpu']);
  t.deepEqual(reasonsFor(makePod('p', { requests: { cpu: '2', memory: '3Gi' } })), ['Insufficient cpu', 'Insufficient memory']);
  t.deepEqual(reasonsFor(makePod('p', { requests: { 'ephemeral-storage': '11Gi' } })), ['Insufficient ephemeral-storage']);
});

test('the unschedulable status is not unresolvable: preemption could free the room', (t) => {
  t.is(runFilter(plugin(), makePod('p', { requests: { cpu: '2' } }), snapshot).get('n1')?.code, 'Unschedulable');
});

test('init containers are accounted as the larger of their peak and the app containers', (t) => {
  const pod = makePod('p', { spec: { containers: [makeContainer('app', { cpu: '500m' })], initContainers: [makeContainer('migrate', { cpu: '2' })] } });
  t.deepEqual(reasonsFor(pod), ['Insufficient cpu']);
});

test('extended resources must be allocatable, unless ignored by name or by group', (t) => {
  t.deepEqual(reasonsFor(makePod('p', { requests: { 'example.com/gpu': '2' } })), ['Insufficient example.com/gpu']);
  t.deepEqual(reasonsFor(makePod('p', { requests: { 'other.io/fpga': '1' } })), ['Insufficient other.io/fpga']);
  t.deepEqual(reasonsFor(makePod('p', { requests: { 'other.io/fpga': '1' } }), { ignoredResources: ['other.io/fpga'] }), []);
  t.deepEqual(reasonsFor(makePod('p', { requests: { 'other.io/fpga': '1' } }), { ignoredResourceGroups: ['other.io'] }), []);
});

test('every pod takes a pod slot: a full node says "Too many pods" even to a pod requesting nothing', (t) => {
  const full = Snapshot.fromNodesAndPods([makeNode('n1', { allocatable: { cpu: '4', memory: '8Gi', pods: '1' } })], [makePod('running', { nodeName: 'n1' })]);
  t.deepEqual(runFilter(plugin(), makePod('p'), full).get('n1')?.reasons, ['Too many pods']);
  t.deepEqual(runFilter(plugin(), makePod('p', { requests: { cpu: '5' } }), full).get('n1')?.reasons, ['Too many pods', 'Insufficient cpu']);
});

const scoringSnapshot = Snapshot.fromNodesAndPods(
  [makeNode('empty'), makeNode('busy')],
  [makePod('running', { nodeName: 'busy', requests: { cpu: '2', memory: '4Gi' } })],
);
const scores = (pod: Pod, args: Partial<NodeResourcesFitArgs> = {}) => Object.fromEntries(runScore(plugin(args), pod, scoringSnapshot) as Map<string, number>);

test('LeastAllocated (default) scores the share left free; MostAllocated the share in use', (t) => {
  const pod = makePod('p', { requests: { cpu: '1', memory: '2Gi' } });
  t.deepEqual(scores(pod), { empty: 75, busy: 25 });
  t.deepEqual(scores(pod, { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } }), { empty: 25, busy: 75 });
});

test('resource weights make a weighted average; a pod without requests counts as 100m and 200Mi', (t) => {
  const cpuHeavy = { type: 'LeastAllocated' as const, resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] };
  // empty: cpu 50, memory 100 → (150 + 100) / 4.
  t.is(scores(makePod('p', { requests: { cpu: '2', memory: '0' } }), { scoringStrategy: cpuHeavy }).empty, 62);
  // (4000 - 100) / 4000 and (8192 - 200) / 8192 of 100, truncated.
  t.is(scores(makePod('p')).empty, 97);
});

test('the per-resource scores truncate as integer division does; overcommitted is 0 free and 100 used', (t) => {
  t.is(leastRequestedScore(1, 3), 66);
  t.is(leastRequestedScore(5, 4), 0);
  t.is(mostRequestedScore(5, 4), 100);
  t.is(mostRequestedScore(1, 0), 0);
});

test('fitsRequest is the pure check and tells what is lacking, by how much', (t) => {
  const lacking = fitsRequest(podResourceRequest(makePod('p', { requests: { cpu: '2', 'example.com/gpu': '1' } })), snapshot.get('n1')!);
  t.deepEqual(lacking, [{ resourceName: 'cpu', reason: 'Insufficient cpu', requested: 2000, used: 3000, capacity: 4000 }]);
});
