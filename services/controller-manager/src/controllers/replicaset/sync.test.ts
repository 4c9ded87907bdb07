import test from 'ava';
import { ApiClientError } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { UIDTrackingControllerExpectations } from '../../controller-utils/expectations.js';
import type { PodControl } from './pod-control.js';
import { REPLICA_SET, type ReplicatedObject } from './replica-set-kind.js';
import { syncReplicaSet, type ReplicaSetSyncDeps } from './sync.js';

const KEY = 'ns/web';
const NOW = Date.parse('2026-06-01T00:00:00Z');

const replicaSet = (replicas: number, extra: Record<string, unknown> = {}): ReplicatedObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid', generation: 1, ...extra },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
});

const ownedPod = (name: string, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true }] },
  spec: { containers: [], ...extra.spec },
  status: { phase: 'Running', ...extra.status },
});

function world(rs: ReplicatedObject | undefined, pods: Pod[] = [], failCreatesAfter = Infinity) {
  const created: string[] = [];
  const deleted: string[] = [];
  const statuses: ReplicatedObject[] = [];
  const requeues: number[] = [];
  const podControl: PodControl = {
    createPod: () => {
      if (created.length >= failCreatesAfter) return Promise.reject(new ApiClientError({ code: 403, reason: 'Forbidden', message: 'pods "web-" is forbidden: exceeded quota' }, 7));
      created.push(`web-${created.length}`);
      return Promise.resolve(created.at(-1)!);
    },
    deletePod: (_ns, name) => {
      deleted.push(name);
      return Promise.resolve();
    },
  };
  const deps: ReplicaSetSyncDeps = {
    kind: REPLICA_SET,
    podControl,
    expectations: new UIDTrackingControllerExpectations(),
    getReplicaSet: () => rs,
    listReplicaSets: () => (rs ? [rs] : []),
    listPods: () => pods,
    getFreshReplicaSet: () => Promise.resolve(rs),
    patchPod: () => Promise.resolve({}),
    updateStatus: (obj) => {
      statuses.push(obj);
      rs = obj;
      return Promise.resolve(obj);
    },
    enqueueAfter: (_key, ms) => requeues.push(ms),
    burstReplicas: 500,
    now: () => NOW,
    log: pino({ level: 'silent' }),
  };
  return { deps, created, deleted, statuses, requeues, setFailCreatesAfter: (n: number) => (failCreatesAfter = n) };
}

test('creates the missing pods once, then waits for the informer to show them', async (t) => {
  const w = world(replicaSet(5));
  await syncReplicaSet(KEY, w.deps);
  t.is(w.created.length, 5);
  t.deepEqual(w.deps.expectations.getExpectations(KEY), { add: 5, del: 0 });
  // The cache does not show them yet: a second sync must not create them again.
  await syncReplicaSet(KEY, w.deps);
  t.is(w.created.length, 5);
  t.like(w.statuses.at(-1)!.status, { replicas: 0, observedGeneration: 1 });
});

test('a failed create stops the slow start, lowers the expectations and sets ReplicaFailure; success clears it', async (t) => {
  const w = world(replicaSet(10), [], 3);
  const err = await t.throwsAsync(syncReplicaSet(KEY, w.deps));
  t.regex(err!.message, /exceeded quota/);
  // Batches of 1 and 2 succeeded, the batch of 4 failed and nothing more was tried.
  t.is(w.created.length, 3);
  t.deepEqual(w.deps.expectations.getExpectations(KEY), { add: 3, del: 0 });
  const condition = w.statuses.at(-1)!.status!.conditions![0]!;
  t.like(condition, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota' });

  w.deps.expectations.deleteExpectations(KEY);
  w.setFailCreatesAfter(Infinity);
  await syncReplicaSet(KEY, w.deps);
  t.is(w.statuses.at(-1)!.status!.conditions, undefined);
});

test('deletes the surplus, unscheduled pods first, and expects their deletion by key', async (t) => {
  const pods = [ownedPod('bound-1', { spec: { nodeName: 'n1', containers: [] } }), ownedPod('free'), ownedPod('bound-2', { spec: { nodeName: 'n1', containers: [] } })];
  const w = world(replicaSet(2), pods);
  await syncReplicaSet(KEY, w.deps);
  t.deepEqual(w.deleted, ['free']);
  t.deepEqual([...w.deps.expectations.getUIDs(KEY)!], ['ns/free']);
});

test('an owner being deleted makes no pods; a gone owner forgets its expectations', async (t) => {
  const w = world(replicaSet(3, { deletionTimestamp: '2026-01-01T00:00:00Z' }));
  await syncReplicaSet(KEY, w.deps);
  t.deepEqual(w.created, []);

  const gone = world(undefined);
  gone.deps.expectations.expectCreations(KEY, 2);
  await syncReplicaSet(KEY, gone.deps);
  t.is(gone.deps.expectations.getExpectations(KEY), undefined);
});

test('status counts ready and available pods; it is written only when it changes; not-yet-available pods requeue after minReadySeconds', async (t) => {
  const ready = (since: string) => ({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } });
  const pods = [ownedPod('a', ready('2026-05-01T00:00:00Z')), ownedPod('b', ready(new Date(NOW - 1000).toISOString()))];
  const rs = replicaSet(2);
  rs.spec!.minReadySeconds = 10;
  const w = world(rs, pods);
  await syncReplicaSet(KEY, w.deps);
  t.like(w.statuses.at(-1)!.status, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 1 });
  t.deepEqual(w.requeues, [10_000]);
  await syncReplicaSet(KEY, w.deps);
  t.is(w.statuses.length, 1);
});
