import test from 'ava';
import type { KubeObject } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { pino } from 'pino';
import { DependencyGraph } from './graph.js';
import { GraphBuilder, referencesDiffs } from './graph-builder.js';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const NODE = { apiVersion: 'v1', kind: 'Node' };

const ref = (kind: { apiVersion: string; kind: string }, name: string, uid: string, blockOwnerDeletion?: boolean): OwnerReference => ({ ...kind, name, uid, ...(blockOwnerDeletion === undefined ? {} : { blockOwnerDeletion }) });
const obj = (name: string, uid: string, extra: { namespace?: string; owners?: OwnerReference[]; finalizers?: string[]; deleting?: boolean } = {}): KubeObject => ({
  metadata: {
    name,
    uid,
    namespace: extra.namespace ?? 'default',
    ...(extra.owners ? { ownerReferences: extra.owners } : {}),
    ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    ...(extra.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
});

function builder() {
  const queued = { attemptToDelete: [] as string[], attemptToOrphan: [] as string[] };
  const graph = new DependencyGraph();
  const b = new GraphBuilder(graph, { attemptToDelete: { add: (uid) => queued.attemptToDelete.push(uid) }, attemptToOrphan: { add: (uid) => queued.attemptToOrphan.push(uid) } }, pino({ level: 'silent' }));
  const drain = () => {
    const out = { ...queued, attemptToDelete: [...queued.attemptToDelete], attemptToOrphan: [...queued.attemptToOrphan] };
    queued.attemptToDelete.length = 0;
    queued.attemptToOrphan.length = 0;
    return out;
  };
  return { graph, b, drain };
}

test('a dependent seen before its owner makes a virtual owner, checked by attemptToDelete; the owner observed later is the same node', (t) => {
  const { graph, b, drain } = builder();
  b.observe(POD, obj('p', 'pod-1', { owners: [ref(RS, 'rs', 'rs-1')] }));
  const virtual = graph.get('rs-1')!;
  t.true(virtual.virtual);
  t.deepEqual(virtual.identity, { ...RS, name: 'rs', uid: 'rs-1', namespace: 'default' });
  t.deepEqual([...virtual.dependents].map((d) => d.identity.uid), ['pod-1']);
  t.deepEqual(drain().attemptToDelete, ['rs-1']);

  b.observe(RS, obj('rs', 'rs-1'));
  t.is(graph.get('rs-1'), virtual);
  t.false(virtual.virtual);
  t.deepEqual(drain().attemptToDelete, [], 'an owner observed as named checks nothing');
});

test('an owner seen first gets its dependents without any work queued; deleting it queues them', (t) => {
  const { graph, b, drain } = builder();
  b.observe(RS, obj('rs', 'rs-1'));
  b.observe(POD, obj('a', 'pod-a', { owners: [ref(RS, 'rs', 'rs-1')] }));
  b.observe(POD, obj('b', 'pod-b', { owners: [ref(RS, 'rs', 'rs-1')] }));
  t.deepEqual(drain().attemptToDelete, []);
  b.observeDeleted(RS, obj('rs', 'rs-1'));
  t.is(graph.get('rs-1'), undefined);
  t.deepEqual(drain().attemptToDelete.sort(), ['pod-a', 'pod-b']);
});

test('a reference whose name disagrees with the observed owner, or a namespaced owner in another namespace, gets the dependent checked', (t) => {
  const { b, drain } = builder();
  b.observe(RS, obj('rs', 'rs-1'));
  b.observe(POD, obj('a', 'pod-a', { owners: [ref(RS, 'other-name', 'rs-1')] }));
  b.observe(POD, obj('b', 'pod-b', { namespace: 'elsewhere', owners: [ref(RS, 'rs', 'rs-1')] }));
  t.deepEqual(drain().attemptToDelete, ['pod-a', 'pod-b']);
});

test('a cluster-scoped owner may be named from any namespace', (t) => {
  const { b, drain } = builder();
  b.observe(NODE, obj('n1', 'node-1', { namespace: '' }));
  b.observe(POD, obj('a', 'pod-a', { namespace: 'ns1', owners: [ref(NODE, 'n1', 'node-1')] }));
  t.deepEqual(drain().attemptToDelete, []);
});

test('ownerReferences edits move the node between owners; dropping a blocking reference re-checks that owner', (t) => {
  const { graph, b, drain } = builder();
  b.observe(RS, obj('rs1', 'rs-1'));
  b.observe(RS, obj('rs2', 'rs-2'));
  const before = obj('p', 'pod-1', { owners: [ref(RS, 'rs1', 'rs-1', true)] });
  b.observe(POD, before);
  const after = obj('p', 'pod-1', { owners: [ref(RS, 'rs2', 'rs-2')] });
  b.observe(POD, after, before);
  t.is(graph.get('rs-1')!.dependents.size, 0);
  t.deepEqual([...graph.get('rs-2')!.dependents].map((d) => d.identity.uid), ['pod-1']);
  t.deepEqual(drain().attemptToDelete, ['rs-1']);
});

test('blockOwnerDeletion turned off re-checks the owner; blockingDependents counts only blocking references', (t) => {
  const { graph, b, drain } = builder();
  b.observe(RS, obj('rs', 'rs-1'));
  const blocking = obj('a', 'pod-a', { owners: [ref(RS, 'rs', 'rs-1', true)] });
  b.observe(POD, blocking);
  b.observe(POD, obj('b', 'pod-b', { owners: [ref(RS, 'rs', 'rs-1', false)] }));
  t.deepEqual(graph.get('rs-1')!.blockingDependents().map((d) => d.identity.uid), ['pod-a']);
  b.observe(POD, obj('a', 'pod-a', { owners: [ref(RS, 'rs', 'rs-1', false)] }), blocking);
  t.deepEqual(graph.get('rs-1')!.blockingDependents(), []);
  t.deepEqual(drain().attemptToDelete, ['rs-1']);
});

test('deletion with the orphan finalizer queues the owner for orphaning, once', (t) => {
  const { b, drain } = builder();
  const live = obj('rs', 'rs-1', { finalizers: ['orphan'] });
  b.observe(RS, live);
  const deleting = obj('rs', 'rs-1', { finalizers: ['orphan'], deleting: true });
  b.observe(RS, deleting, live);
  b.observe(RS, deleting, deleting);
  t.deepEqual(drain(), { attemptToDelete: [], attemptToOrphan: ['rs-1'] });
});

test('foreground deletion marks the owner deleting its dependents and queues them and it; a dependent gone re-checks it', (t) => {
  const { graph, b, drain } = builder();
  const live = obj('rs', 'rs-1');
  b.observe(RS, live);
  const pod = obj('a', 'pod-a', { owners: [ref(RS, 'rs', 'rs-1', true)] });
  b.observe(POD, pod);
  b.observe(RS, obj('rs', 'rs-1', { finalizers: ['foregroundDeletion'], deleting: true }), live);
  const owner = graph.get('rs-1')!;
  t.true(owner.beingDeleted);
  t.true(owner.deletingDependents);
  t.deepEqual(drain().attemptToDelete, ['pod-a', 'rs-1']);
  b.observeDeleted(POD, pod);
  t.deepEqual(drain().attemptToDelete, ['rs-1']);
  t.is(owner.dependents.size, 0);
});

test('an object first seen already deleting in the foreground is a new node deleting its dependents', (t) => {
  const { graph, b, drain } = builder();
  b.observe(RS, obj('rs', 'rs-1', { finalizers: ['foregroundDeletion'], deleting: true }));
  t.true(graph.get('rs-1')!.deletingDependents);
  t.deepEqual(drain().attemptToDelete, ['rs-1']);
});

test('a virtual delete removes a virtual node and queues its dependents, but never removes an observed node under other coordinates', (t) => {
  const { graph, b, drain } = builder();
  b.observe(POD, obj('p', 'pod-1', { owners: [ref(RS, 'gone', 'rs-x')] }));
  drain();
  b.virtualDelete(graph.get('rs-x')!.identity);
  t.is(graph.get('rs-x'), undefined);
  t.deepEqual(drain().attemptToDelete, ['pod-1']);

  b.observe(RS, obj('rs', 'rs-1'));
  b.virtualDelete({ ...RS, name: 'other', uid: 'rs-1', namespace: 'default' });
  t.truthy(graph.get('rs-1'));
});

test('referencesDiffs matches references by uid', (t) => {
  const a = ref(RS, 'a', '1', true);
  const b = ref(RS, 'b', '2');
  const c = ref(RS, 'c', '3');
  const diff = referencesDiffs([a, b], [{ ...a, blockOwnerDeletion: false }, c]);
  t.deepEqual(diff, { added: [c], removed: [b], changed: [{ oldRef: a, newRef: { ...a, blockOwnerDeletion: false } }] });
});
