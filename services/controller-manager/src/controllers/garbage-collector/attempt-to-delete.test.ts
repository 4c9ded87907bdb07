import test from 'ava';
import type { KubeObject, ResourceRef } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { pino } from 'pino';
import { NotYetObservedError, syncAttemptToDelete, type AttemptToDeleteDeps } from './attempt-to-delete.js';
import { DependencyGraph, type ObjectIdentity } from './graph.js';
import { GraphBuilder } from './graph-builder.js';
import type { GcApi, PropagationPolicy } from './operations.js';
import { syncAttemptToOrphan } from './orphan.js';
import { ResourceMapper } from './resource-mapper.js';

const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const mapper = new ResourceMapper();
const log = pino({ level: 'silent' });

const ownerRef = (name: string, uid: string, blockOwnerDeletion = true): OwnerReference => ({ ...RS, name, uid, blockOwnerDeletion });
const rs = (name: string, uid: string, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, uid, namespace: 'ns', resourceVersion: '1', ...meta } });
const pod = (name: string, uid: string, owners: OwnerReference[], meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, uid, namespace: 'ns', resourceVersion: '1', ownerReferences: owners, ...meta } });
const FOREGROUND = { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] };

/** The apiserver as a map of live objects (what GETs see), and the graph as the informers showed it. */
function cluster(live: Array<[string, KubeObject]>) {
  const objects = new Map(live.map(([resource, o]) => [`${resource}/${o.metadata!.name}`, o]));
  const writes: string[] = [];
  const queued: string[] = [];
  const api: GcApi = {
    get: async (ref: ResourceRef) => objects.get(`${ref.resource}/${ref.name}`),
    deleteOwnerReferences: async (item: ObjectIdentity, uids) => void writes.push(`unref ${item.name} ${uids.join(',')}`),
    unblockOwnerReferences: async (item: ObjectIdentity, refs) => void writes.push(`unblock ${item.name} ${refs.map((r) => r.uid).join(',')}`),
    removeFinalizer: async (item: ObjectIdentity, finalizer) => void writes.push(`unfinalize ${item.name} ${finalizer}`),
    deleteObject: async (item: ObjectIdentity, _latest, policy: PropagationPolicy) => void writes.push(`delete ${item.name} ${policy}`),
  };
  const graph = new DependencyGraph();
  const builder = new GraphBuilder(graph, { attemptToDelete: { add: () => {} }, attemptToOrphan: { add: () => {} } }, log);
  const deps: AttemptToDeleteDeps = { graph, builder, api, mapper, attemptToDelete: { add: (uid) => queued.push(uid) }, isMonitored: () => true, log };
  const observe = (kind: typeof RS, o: KubeObject) => builder.observe(kind, o);
  return { deps, writes, queued, graph, observe };
}

test('an object whose only owner is gone is deleted in the background', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('rs', 'rs-1')]);
  const c = cluster([['pods', p]]);
  c.observe(POD, p);
  await syncAttemptToDelete('pod-1', c.deps);
  t.deepEqual(c.writes, ['delete p Background']);
});

test('an object with a live owner is never deleted; its dangling and waiting references are removed', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('live', 'rs-live'), ownerRef('gone', 'rs-gone'), ownerRef('fg', 'rs-fg')]);
  const c = cluster([['pods', p], ['replicasets', rs('live', 'rs-live')], ['replicasets', rs('fg', 'rs-fg', FOREGROUND)]]);
  c.observe(POD, p);
  await syncAttemptToDelete('pod-1', c.deps);
  t.deepEqual(c.writes, ['unref p rs-gone,rs-fg']);
});

test('an owner absent from the graph is not enough: only the live GET decides', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('rs', 'rs-1')]);
  const c = cluster([['pods', p], ['replicasets', rs('rs', 'rs-1')]]);
  c.observe(POD, p);
  await syncAttemptToDelete('pod-1', c.deps);
  t.deepEqual(c.writes, []);
});

test('a dependent of a foreground-deleting owner that has dependents itself is deleted in the foreground', async (t) => {
  const mid = pod('mid', 'mid-1', [ownerRef('fg', 'rs-fg')]);
  const leaf = pod('leaf', 'leaf-1', [{ ...POD, name: 'mid', uid: 'mid-1' }]);
  const c = cluster([['pods', mid], ['pods', leaf], ['replicasets', rs('fg', 'rs-fg', FOREGROUND)]]);
  c.observe(POD, mid);
  c.observe(POD, leaf);
  await syncAttemptToDelete('mid-1', c.deps);
  await syncAttemptToDelete('leaf-1', c.deps);
  t.deepEqual(c.writes, ['delete mid Foreground']);
});

test('an ownerless object keeps the propagation its own finalizers ask for', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('rs', 'rs-1')], { finalizers: ['orphan'] });
  const c = cluster([['pods', p]]);
  c.observe(POD, p);
  await syncAttemptToDelete('pod-1', c.deps);
  t.deepEqual(c.writes, ['delete p Orphan']);
});

test('a virtual owner the API does not have leaves the graph and nothing is written; one that exists is retried until observed', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('rs', 'rs-1')]);
  const c = cluster([['pods', p]]);
  c.observe(POD, p);
  await syncAttemptToDelete('rs-1', c.deps);
  t.is(c.graph.get('rs-1'), undefined);
  t.deepEqual(c.writes, []);

  const q = pod('q', 'pod-2', [ownerRef('rs2', 'rs-2')]);
  const d = cluster([['pods', q], ['replicasets', rs('rs2', 'rs-2')]]);
  d.observe(POD, q);
  await t.throwsAsync(syncAttemptToDelete('rs-2', d.deps), { instanceOf: NotYetObservedError });
  d.observe(RS, rs('rs2', 'rs-2'));
  await syncAttemptToDelete('rs-2', d.deps);
});

test('a foreground-deleting owner waits for its blocking dependents, then loses its finalizer', async (t) => {
  const owner = rs('fg', 'rs-fg', FOREGROUND);
  const blocking = pod('a', 'pod-a', [ownerRef('fg', 'rs-fg', true)]);
  const c = cluster([['replicasets', owner], ['pods', blocking], ['pods', pod('b', 'pod-b', [ownerRef('fg', 'rs-fg', false)])]]);
  c.observe(RS, owner);
  c.observe(POD, blocking);
  c.observe(POD, pod('b', 'pod-b', [ownerRef('fg', 'rs-fg', false)]));
  await syncAttemptToDelete('rs-fg', c.deps);
  t.deepEqual(c.queued, ['pod-a']);
  t.deepEqual(c.writes, []);
  c.deps.builder.observeDeleted(POD, blocking);
  await syncAttemptToDelete('rs-fg', c.deps);
  t.deepEqual(c.writes, ['unfinalize fg foregroundDeletion']);
});

test('an object being deleted without foreground waits for its deletion', async (t) => {
  const p = pod('p', 'pod-1', [ownerRef('rs', 'rs-1')], { deletionTimestamp: '2026-01-01T00:00:00Z' });
  const c = cluster([['pods', p]]);
  c.observe(POD, p);
  await syncAttemptToDelete('pod-1', c.deps);
  t.deepEqual(c.writes, []);
});

test('orphaning removes the reference from every dependent, then the orphan finalizer', async (t) => {
  const owner = rs('rs', 'rs-1', { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan'] });
  const c = cluster([['replicasets', owner]]);
  c.observe(RS, owner);
  c.observe(POD, pod('a', 'pod-a', [ownerRef('rs', 'rs-1')]));
  c.observe(POD, pod('b', 'pod-b', [ownerRef('rs', 'rs-1')]));
  await syncAttemptToOrphan('rs-1', c.deps);
  t.deepEqual(c.writes, ['unref a rs-1', 'unref b rs-1', 'unfinalize rs orphan']);
});
