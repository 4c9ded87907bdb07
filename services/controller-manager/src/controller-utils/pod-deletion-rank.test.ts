import test from 'ava';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { compareForDeletion, POD_DELETION_COST, sortByDeletionRank } from './pod-deletion-rank.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

interface Spec {
  name: string;
  node?: string;
  phase?: string;
  readyFor?: number;
  restarts?: number;
  age?: number;
  cost?: string;
}

const pod = ({ name, node, phase = 'Running', readyFor, restarts = 0, age = 1000, cost }: Spec): Pod => ({
  metadata: { name, uid: `uid-${name}`, creationTimestamp: ago(age), ...(cost ? { annotations: { [POD_DELETION_COST]: cost } } : {}) },
  spec: { nodeName: node, containers: [{ name: 'c' }] },
  status: {
    phase,
    conditions: readyFor === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(readyFor) }],
    containerStatuses: [{ name: 'c', restartCount: restarts, ready: readyFor !== undefined, image: 'i', imageID: '' }],
  },
});

const order = (pods: Pod[], ranks: number[] = pods.map(() => 0)) => sortByDeletionRank(pods.map((p, i) => ({ pod: p, rank: ranks[i]! })), NOW).map((p) => p.metadata!.name);

test('unassigned before assigned', (t) => {
  t.deepEqual(order([pod({ name: 'assigned', node: 'n1', phase: 'Pending' }), pod({ name: 'unassigned', phase: 'Running', readyFor: 100 })]), ['unassigned', 'assigned']);
});

test('Pending before Unknown before Running', (t) => {
  const pods = [pod({ name: 'running', node: 'n' }), pod({ name: 'unknown', node: 'n', phase: 'Unknown' }), pod({ name: 'pending', node: 'n', phase: 'Pending' })];
  t.deepEqual(order(pods), ['pending', 'unknown', 'running']);
});

test('not ready before ready', (t) => {
  t.deepEqual(order([pod({ name: 'ready', node: 'n', readyFor: 10 }), pod({ name: 'not-ready', node: 'n' })]), ['not-ready', 'ready']);
});

test('a lower pod-deletion-cost first; an invalid one counts as 0', (t) => {
  const pods = [pod({ name: 'dear', node: 'n', cost: '100' }), pod({ name: 'cheap', node: 'n', cost: '-5' }), pod({ name: 'bad', node: 'n', cost: 'x' })];
  t.deepEqual(order(pods), ['cheap', 'bad', 'dear']);
});

test('a higher rank (more related pods on the node) first', (t) => {
  t.deepEqual(order([pod({ name: 'alone', node: 'a' }), pod({ name: 'doubled', node: 'b' })], [1, 3]), ['doubled', 'alone']);
});

test('ready for less time first, in powers of two', (t) => {
  t.deepEqual(order([pod({ name: 'old', node: 'n', readyFor: 1000 }), pod({ name: 'new', node: 'n', readyFor: 10 })]), ['new', 'old']);
  // 100 s and 101 s are in the same log2 bucket: the uid decides, as in Kubernetes, before the restarts would.
  t.deepEqual(order([pod({ name: 'b', node: 'n', readyFor: 100, restarts: 2 }), pod({ name: 'a', node: 'n', readyFor: 101 })]), ['a', 'b']);
});

test('more restarts first, then newer first, then by uid', (t) => {
  t.deepEqual(order([pod({ name: 'calm', node: 'n' }), pod({ name: 'crashy', node: 'n', restarts: 4 })]), ['crashy', 'calm']);
  t.deepEqual(order([pod({ name: 'old', node: 'n', age: 5000 }), pod({ name: 'young', node: 'n', age: 5 })]), ['young', 'old']);
  t.deepEqual(order([pod({ name: 'b', node: 'n', age: 1000 }), pod({ name: 'a', node: 'n', age: 1001 })]), ['a', 'b']);
});

test('equal pods compare equal, and the order is antisymmetric', (t) => {
  const a = { pod: pod({ name: 'a', node: 'n' }), rank: 0 };
  t.is(compareForDeletion(a, a, NOW), 0);
  const b = { pod: pod({ name: 'b', phase: 'Pending' }), rank: 0 };
  t.is(compareForDeletion(a, b, NOW), 1);
  t.is(compareForDeletion(b, a, NOW), -1);
});
