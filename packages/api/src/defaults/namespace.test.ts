import test from 'ava';
import { applyDefaults } from './apply-defaults.js';
import { applyCreateDefaults } from './create-defaults.js';
import type { Obj } from './fields.js';

test('a namespace from kubectl create namespace reads back as from Kubernetes 1.32', (t) => {
  const namespace: Obj = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'dev', creationTimestamp: null }, spec: {}, status: {} };
  applyDefaults('', 'v1', 'Namespace', namespace);
  applyCreateDefaults('', 'v1', 'Namespace', namespace);
  t.deepEqual(namespace, {
    kind: 'Namespace',
    apiVersion: 'v1',
    metadata: { name: 'dev', creationTimestamp: null, labels: { 'kubernetes.io/metadata.name': 'dev' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
});

test('the name label always matches the name; other labels and finalizers stay', (t) => {
  const namespace: Obj = { metadata: { name: 'dev', labels: { team: 'a', 'kubernetes.io/metadata.name': 'other' } }, spec: { finalizers: ['example.com/keep'] } };
  applyDefaults('', 'v1', 'Namespace', namespace);
  applyCreateDefaults('', 'v1', 'Namespace', namespace);
  t.deepEqual((namespace.metadata as Obj).labels, { team: 'a', 'kubernetes.io/metadata.name': 'dev' });
  t.deepEqual((namespace.spec as Obj).finalizers, ['example.com/keep', 'kubernetes']);
});

test('updates neither restore the finalizer nor change a Terminating phase', (t) => {
  const terminating: Obj = { metadata: { name: 'dev' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } };
  const before = structuredClone(terminating);
  applyDefaults('', 'v1', 'Namespace', terminating);
  (before.metadata as Obj).labels = { 'kubernetes.io/metadata.name': 'dev' };
  t.deepEqual(terminating, before);
});
