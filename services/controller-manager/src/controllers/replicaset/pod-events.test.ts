import test from 'ava';
import { DeletedFinalStateUnknown, type KubeObject } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { pino } from 'pino';
import { UIDTrackingControllerExpectations } from '../../controller-utils/expectations.js';
import { PodEventHandler } from './pod-events.js';
import { REPLICA_SET, type ReplicatedObject } from './replica-set-kind.js';

type PodObject = Pod & KubeObject;

const rs = (name: string, app: string, minReadySeconds = 0): ReplicatedObject => ({
  metadata: { name, namespace: 'ns', uid: `uid-${name}` },
  spec: { minReadySeconds, selector: { matchLabels: { app } }, template: {} },
});
const controlled = (owner: string, uid = `uid-${owner}`) => [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid, controller: true }];
const pod = (rv: string, labels: Record<string, string>, meta: Record<string, unknown> = {}, ready = false): PodObject => ({
  metadata: { name: 'p', namespace: 'ns', resourceVersion: rv, labels, ...meta },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

function handler(owners: ReplicatedObject[]) {
  const enqueued: string[] = [];
  const later: Array<[string, number]> = [];
  const expectations = new UIDTrackingControllerExpectations();
  const events = new PodEventHandler({
    kind: REPLICA_SET,
    getReplicaSet: (_ns, name) => owners.find((o) => o.metadata?.name === name),
    listReplicaSets: () => owners,
    expectations,
    enqueue: (key) => enqueued.push(key),
    enqueueAfter: (key, ms) => later.push([key, ms]),
    log: pino({ level: 'silent' }),
  });
  return { events, enqueued, later, expectations };
}

test('an added pod counts as an observed creation of its controller', (t) => {
  const h = handler([rs('web', 'web')]);
  h.expectations.expectCreations('ns/web', 2);
  h.events.onAdd(pod('1', { app: 'web' }, { ownerReferences: controlled('web') }));
  t.deepEqual(h.expectations.getExpectations('ns/web'), { add: 1, del: 0 });
  t.deepEqual(h.enqueued, ['ns/web']);
});

test('a controller reference to another object of that name (another uid) or another kind is ignored', (t) => {
  const h = handler([rs('web', 'web')]);
  h.events.onAdd(pod('1', { app: 'web' }, { ownerReferences: controlled('web', 'stale-uid') }));
  h.events.onAdd(pod('1', { app: 'web' }, { ownerReferences: [{ ...controlled('web')[0], kind: 'StatefulSet' }] }));
  t.deepEqual(h.enqueued, []);
});

test('an orphan enqueues every owner whose selector matches it', (t) => {
  const h = handler([rs('a', 'web'), rs('b', 'web'), rs('c', 'db')]);
  h.events.onAdd(pod('1', { app: 'web' }));
  t.deepEqual(h.enqueued, ['ns/a', 'ns/b']);
});

test('a deletionTimestamp or a delete (also as a tombstone) is one observed deletion', (t) => {
  const h = handler([rs('web', 'web')]);
  h.expectations.expectDeletions('ns/web', ['ns/p']);
  const old = pod('1', { app: 'web' }, { ownerReferences: controlled('web') });
  const deleting = pod('2', { app: 'web' }, { ownerReferences: controlled('web'), deletionTimestamp: '2026-01-01T00:00:00Z' });
  h.events.onUpdate(old, deleting);
  t.true(h.expectations.satisfiedExpectations('ns/web'));
  h.expectations.expectDeletions('ns/web', ['ns/p']);
  h.events.onDelete(new DeletedFinalStateUnknown('ns/p', old));
  t.true(h.expectations.satisfiedExpectations('ns/web'));
});

test('updates: a resync does nothing; a changed controller wakes both owners; becoming ready requeues after minReadySeconds', (t) => {
  const h = handler([rs('a', 'web'), rs('b', 'web', 5)]);
  const p = pod('1', { app: 'web' }, { ownerReferences: controlled('a') });
  h.events.onUpdate(p, p);
  t.deepEqual(h.enqueued, []);
  h.events.onUpdate(p, pod('2', { app: 'web' }, { ownerReferences: controlled('b') }, true));
  t.deepEqual(h.enqueued, ['ns/a', 'ns/b']);
  t.deepEqual(h.later, [['ns/b', 6_000]]);
});
