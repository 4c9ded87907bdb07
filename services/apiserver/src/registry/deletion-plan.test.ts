import test from 'ava';
import type { KubeObject } from '../storage/object.js';
import { deleteStrategyFor, planDeletion, type DeletionPlan } from './deletion-plan.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const configmaps = deleteStrategyFor({ group: '', version: 'v1', resource: 'configmaps' });
const pods = deleteStrategyFor({ group: '', version: 'v1', resource: 'pods' });

const object = (meta: KubeObject['metadata'] = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', generation: 1, ...meta } });
const marked = (plan: DeletionPlan) => (plan.action === 'mark' ? plan.object.metadata : undefined);

test('Orphan and Foreground add their GC finalizer and mark the object with no grace period; Background deletes it now', (t) => {
  t.like(marked(planDeletion(object(), { propagationPolicy: 'Orphan' }, configmaps, NOW)), {
    finalizers: ['orphan'],
    deletionTimestamp: '2026-01-01T00:00:00Z',
    deletionGracePeriodSeconds: 0,
    generation: 2,
  });
  t.like(marked(planDeletion(object(), { propagationPolicy: 'Foreground' }, configmaps, NOW)), { finalizers: ['foregroundDeletion'] });
  t.like(marked(planDeletion(object(), { orphanDependents: true }, configmaps, NOW)), { finalizers: ['orphan'] });
  t.deepEqual(planDeletion(object(), { propagationPolicy: 'Background' }, configmaps, NOW), { action: 'delete' });
  t.deepEqual(planDeletion(object(), { orphanDependents: false }, configmaps, NOW), { action: 'delete' });
});

test('without a policy each resource gets its default: v1 ReplicationControllers and batch/v1 Jobs orphan, apps/v1 does not', (t) => {
  const noPolicy = (resource: string, group = '') => planDeletion(object(), {}, deleteStrategyFor({ group, version: 'v1', resource }), NOW);
  t.like(marked(noPolicy('replicationcontrollers')), { finalizers: ['orphan'] });
  t.like(marked(noPolicy('jobs', 'batch')), { finalizers: ['orphan'] });
  for (const resource of ['deployments', 'replicasets', 'statefulsets', 'daemonsets']) t.deepEqual(noPolicy(resource, 'apps'), { action: 'delete' }, resource);
  t.deepEqual(noPolicy('cronjobs', 'batch'), { action: 'delete' });
  t.deepEqual(noPolicy('configmaps'), { action: 'delete' });
});

test('an object with finalizers is only marked; a GC finalizer it has stands in for the default', (t) => {
  t.like(marked(planDeletion(object({ finalizers: ['example.com/hold'] }), { propagationPolicy: 'Background' }, configmaps, NOW)), { finalizers: ['example.com/hold'] });
  const rc = deleteStrategyFor({ group: '', version: 'v1', resource: 'replicationcontrollers' });
  t.like(marked(planDeletion(object({ finalizers: ['foregroundDeletion'] }), {}, rc, NOW)), { finalizers: ['foregroundDeletion'] });
});

test('a second delete may switch orphan and foregroundDeletion; otherwise it leaves the object as it is', (t) => {
  const deleting = object({ finalizers: ['example.com/hold', 'orphan'], deletionTimestamp: '2025-12-31T00:00:00Z', deletionGracePeriodSeconds: 0, generation: 2 });
  t.like(marked(planDeletion(deleting, { propagationPolicy: 'Foreground' }, configmaps, NOW)), {
    finalizers: ['example.com/hold', 'foregroundDeletion'],
    deletionTimestamp: '2025-12-31T00:00:00Z',
    generation: 2,
  });
  t.deepEqual(planDeletion(deleting, {}, configmaps, NOW), { action: 'keep' });
  t.deepEqual(planDeletion(deleting, { propagationPolicy: 'Orphan' }, configmaps, NOW), { action: 'keep' });
  t.like(marked(planDeletion(deleting, { propagationPolicy: 'Background' }, configmaps, NOW)), { finalizers: ['example.com/hold'] });
});

const pod = (meta: KubeObject['metadata'] = {}, nodeName = 'n1', phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', generation: 1, ...meta },
  spec: { ...(nodeName ? { nodeName } : {}), terminationGracePeriodSeconds: 30 },
  status: { phase },
});

test('a pod on a node is deleted gracefully: deletionTimestamp is now + grace period, with or without finalizers', (t) => {
  t.like(marked(planDeletion(pod(), {}, pods, NOW)), { deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, generation: 2 });
  t.like(marked(planDeletion(pod(), { gracePeriodSeconds: 5 }, pods, NOW)), { deletionTimestamp: '2026-01-01T00:00:05Z', deletionGracePeriodSeconds: 5 });
  t.like(marked(planDeletion(pod({ finalizers: ['example.com/hold'] }), { propagationPolicy: 'Foreground' }, pods, NOW)), {
    deletionGracePeriodSeconds: 30,
    finalizers: ['example.com/hold', 'foregroundDeletion'],
  });
  t.deepEqual(planDeletion(pod({}, ''), {}, pods, NOW), { action: 'delete' }, 'unscheduled');
  t.deepEqual(planDeletion(pod({}, 'n1', 'Succeeded'), {}, pods, NOW), { action: 'delete' }, 'terminated');
  t.like(marked(planDeletion(pod({ finalizers: ['example.com/hold'] }, ''), {}, pods, NOW)), { deletionGracePeriodSeconds: 0, deletionTimestamp: '2026-01-01T00:00:00Z' });
});

test('a pending graceful deletion may only be shortened; the kubelet\'s grace 0 deletes it, or leaves it to its finalizers', (t) => {
  const terminating = (finalizers?: string[]) => pod({ deletionTimestamp: '2026-01-01T00:00:30Z', deletionGracePeriodSeconds: 30, generation: 2, ...(finalizers ? { finalizers } : {}) });
  t.deepEqual(planDeletion(terminating(), {}, pods, NOW), { action: 'keep' });
  t.deepEqual(planDeletion(terminating(), { gracePeriodSeconds: 60 }, pods, NOW), { action: 'keep' });
  t.deepEqual(planDeletion(terminating(['example.com/hold']), { propagationPolicy: 'Orphan' }, pods, NOW), { action: 'keep' }, 'finalizers are not changed while graceful deletion is pending');
  t.like(marked(planDeletion(terminating(), { gracePeriodSeconds: 10 }, pods, NOW)), { deletionTimestamp: '2026-01-01T00:00:10Z', deletionGracePeriodSeconds: 10 });
  t.deepEqual(planDeletion(terminating(), { gracePeriodSeconds: 0 }, pods, NOW), { action: 'delete' });
  t.like(marked(planDeletion(terminating(['example.com/hold']), { gracePeriodSeconds: 0 }, pods, NOW)), { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold'] });
});
