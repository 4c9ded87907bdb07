import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1.js';
import { AGE_COLUMN, NAME_COLUMN, age, column, wideColumn } from './columns.js';
import type { Printer } from './printer.js';

function bindingPrinter<T extends RoleBinding | ClusterRoleBinding>(kind: 'roleBinding' | 'clusterRoleBinding'): Printer<T> {
  return {
    columns: [
      NAME_COLUMN,
      column('Role', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
      AGE_COLUMN,
      wideColumn('Users', `Users in the ${kind}`),
      wideColumn('Groups', `Groups in the ${kind}`),
      wideColumn('ServiceAccounts', `ServiceAccounts in the ${kind}`),
    ],
    cells(binding, now) {
      const subjects = binding.subjects ?? [];
      return [
        binding.metadata?.name ?? '',
        `${binding.roleRef.kind}/${binding.roleRef.name}`,
        age(binding.metadata, now),
        subjectNames(subjects, 'User'),
        subjectNames(subjects, 'Group'),
        subjectNames(subjects, 'ServiceAccount'),
      ];
    },
  };
}

/** rbac.SubjectsStrings, one kind of subject: names, service accounts as "namespace/name". */
function subjectNames(subjects: Subject[], kind: 'User' | 'Group' | 'ServiceAccount'): string {
  return subjects
    .filter((subject) => subject.kind === kind)
    .map((subject) => (kind === 'ServiceAccount' ? `${subject.namespace ?? ''}/${subject.name}` : subject.name))
    .join(', ');
}

export const roleBindingPrinter = bindingPrinter<RoleBinding>('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter<ClusterRoleBinding>('clusterRoleBinding');
