import test from 'ava';
import type { Obj } from './fields.js';
import { defaultRoleBinding } from './rbac.js';

test('role refs, users and groups belong to the RBAC group; service accounts to the core group', (t) => {
  const binding: Obj = {
    roleRef: { kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'User', name: 'jane' }, { kind: 'Group', name: 'devs' }, { kind: 'ServiceAccount', name: 'default', namespace: 'dev' }],
  };
  defaultRoleBinding(binding);
  t.deepEqual(binding, {
    roleRef: { kind: 'ClusterRole', name: 'view', apiGroup: 'rbac.authorization.k8s.io' },
    subjects: [
      { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'default', namespace: 'dev' },
    ],
  });
});
