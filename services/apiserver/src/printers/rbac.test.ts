import test from 'ava';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';

const now = new Date('2026-11-24T12:00:00Z');

test('rolebindings: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS', (t) => {
  t.deepEqual(
    roleBindingPrinter.columns.map((c) => [c.name, c.priority]),
    [['Name', 0], ['Role', 0], ['Age', 0], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]],
  );
  const binding = {
    metadata: { name: 'read-pods', namespace: 'dev', creationTimestamp: '2026-11-23T12:00:00Z' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
    subjects: [
      { kind: 'User', name: 'jane' },
      { kind: 'User', name: 'joe' },
      { kind: 'Group', name: 'devs' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
    ],
  };
  t.deepEqual(roleBindingPrinter.cells(binding, now), ['read-pods', 'Role/pod-reader', '24h', 'jane, joe', 'devs', 'tools/ci']);
});

test('clusterrolebindings without subjects', (t) => {
  t.deepEqual(roleBindingPrinter.columns.map((c) => c.name), clusterRoleBindingPrinter.columns.map((c) => c.name));
  const binding = { metadata: { name: 'admins', creationTimestamp: '2026-11-23T12:00:00Z' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } };
  t.deepEqual(clusterRoleBindingPrinter.cells(binding, now), ['admins', 'ClusterRole/cluster-admin', '24h', '', '', '']);
});
