import test from 'ava';
import type { KubeObject } from '../storage/object.js';
import type { DeletionPlan } from './deletion-plan.js';
import { planNamespaceDeletion, prepareNamespaceUpdate } from './namespace-finalize.js';

const NOW = new Date('2026-01-01T00:00:00Z');
const namespace = (finalizers: string[], meta: KubeObject['metadata'] = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', ...meta }, spec: { finalizers }, status: { phase: 'Active' } });
const marked = (plan: DeletionPlan) => (plan.action === 'mark' ? plan.object : undefined);

test('the first delete marks the namespace Terminating; the options set or clear its GC finalizers', (t) => {
  t.like(marked(planNamespaceDeletion(namespace(['kubernetes']), {}, NOW)), { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Terminating' } });
  t.is(marked(planNamespaceDeletion(namespace(['kubernetes']), {}, NOW))?.metadata?.finalizers, undefined, 'no GC finalizer by default');
  t.like(marked(planNamespaceDeletion(namespace(['kubernetes']), { propagationPolicy: 'Orphan' }, NOW)), { metadata: { finalizers: ['orphan'] } });
  t.like(marked(planNamespaceDeletion(namespace(['kubernetes'], { finalizers: ['orphan'] }), { orphanDependents: false }, NOW)), { metadata: { finalizers: ['foregroundDeletion'] } });
  t.like(marked(planNamespaceDeletion(namespace([], { finalizers: ['example.com/x'] }), {}, NOW)), { status: { phase: 'Terminating' } });
  t.deepEqual(planNamespaceDeletion(namespace([]), {}, NOW), { action: 'delete' }, 'nothing would ever finalize it');
});

test('a terminating namespace waits for spec.finalizers, then for metadata.finalizers, then goes', (t) => {
  const terminating = (spec: string[], finalizers?: string[]) => namespace(spec, { deletionTimestamp: '2025-12-31T00:00:00Z', ...(finalizers ? { finalizers } : {}) });
  t.deepEqual(planNamespaceDeletion(terminating(['kubernetes']), {}, NOW), { action: 'keep' });
  t.like(marked(planNamespaceDeletion(terminating([], ['example.com/x']), {}, NOW)), { metadata: { deletionGracePeriodSeconds: 0, deletionTimestamp: '2025-12-31T00:00:00Z' } });
  t.deepEqual(planNamespaceDeletion(terminating([]), {}, NOW), { action: 'delete' });
});

test('an update keeps spec.finalizers; only the finalize subresource changes them', (t) => {
  const old = namespace(['kubernetes']);
  t.deepEqual(prepareNamespaceUpdate(old, namespace([]), undefined).spec, { finalizers: ['kubernetes'] });
  t.deepEqual(prepareNamespaceUpdate(old, namespace([]), 'finalize').spec, { finalizers: [] });
  const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } };
  t.deepEqual(prepareNamespaceUpdate(bare, bare, undefined), bare);
});
