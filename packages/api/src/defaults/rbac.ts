// RoleBindings and ClusterRoleBindings (pkg/apis/rbac/v1/defaults.go): the role and the User and
// Group subjects belong to the RBAC API group unless they say otherwise.
import { child, defaultZero, items, type Obj } from './fields.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding and SetDefaults_Subject. */
export function defaultRoleBinding(binding: Obj): void {
  defaultZero(child(binding, 'roleRef'), 'apiGroup', RBAC_GROUP);
  for (const subject of items(binding, 'subjects')) {
    if (subject.kind === 'User' || subject.kind === 'Group') defaultZero(subject, 'apiGroup', RBAC_GROUP);
  }
}
