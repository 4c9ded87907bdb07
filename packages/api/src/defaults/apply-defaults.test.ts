import test from 'ava';
import { applyDefaults } from './apply-defaults.js';
import type { Obj } from './fields.js';

test('kinds are looked up by group, version and kind', (t) => {
  const secret: Obj = { metadata: { name: 's' }, data: {} };
  applyDefaults('', 'v1', 'Secret', secret);
  t.is(secret.type, 'Opaque');
  const typed: Obj = { type: 'kubernetes.io/tls' };
  applyDefaults('', 'v1', 'Secret', typed);
  t.is(typed.type, 'kubernetes.io/tls');
  const binding: Obj = { roleRef: { kind: 'Role', name: 'r' } };
  applyDefaults('rbac.authorization.k8s.io', 'v1', 'RoleBinding', binding);
  t.is((binding.roleRef as Obj).apiGroup, 'rbac.authorization.k8s.io');
});

test('kinds without defaults, and unknown versions, are left untouched', (t) => {
  for (const [group, version, kind] of [
    ['', 'v1', 'ConfigMap'],
    ['', 'v1', 'ServiceAccount'],
    ['coordination.k8s.io', 'v1', 'Lease'],
    ['policy', 'v1', 'PodDisruptionBudget'],
    ['apps', 'v1beta1', 'Deployment'],
    ['example.com', 'v1', 'Widget'],
  ]) {
    const obj: Obj = { metadata: { name: 'x' }, spec: {} };
    applyDefaults(group, version, kind, obj);
    t.deepEqual(obj, { metadata: { name: 'x' }, spec: {} }, `${group}/${version}/${kind}`);
  }
});

test('every defaulted kind is idempotent on a sparse object', (t) => {
  const kinds: [string, string, string][] = [
    ['', 'v1', 'Pod'],
    ['', 'v1', 'Service'],
    ['', 'v1', 'Namespace'],
    ['', 'v1', 'Node'],
    ['', 'v1', 'Secret'],
    ['', 'v1', 'Endpoints'],
    ['', 'v1', 'LimitRange'],
    ['', 'v1', 'ReplicationController'],
    ['apps', 'v1', 'Deployment'],
    ['apps', 'v1', 'ReplicaSet'],
    ['apps', 'v1', 'DaemonSet'],
    ['apps', 'v1', 'StatefulSet'],
    ['batch', 'v1', 'Job'],
    ['batch', 'v1', 'CronJob'],
    ['discovery.k8s.io', 'v1', 'EndpointSlice'],
    ['autoscaling', 'v2', 'HorizontalPodAutoscaler'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding'],
  ];
  for (const [group, version, kind] of kinds) {
    const once: Obj = { metadata: { name: 'x' } };
    applyDefaults(group, version, kind, once);
    const twice = structuredClone(once);
    applyDefaults(group, version, kind, twice);
    t.deepEqual(twice, once, kind);
  }
});
