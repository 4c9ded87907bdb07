// Namespace validation, as ValidateNamespace in pkg/apis/core/validation: the spec holds only
// finalizers, each a qualified name or one of Kubernetes' own.
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { FieldPath, invalid, type FieldError } from './field-errors.js';
import { isQualifiedName } from './names.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** validateFinalizerName: apimachinery's qualified-name rule, then Kubernetes' rule for unprefixed names. */
export function validateFinalizerName(name: string, path: FieldPath): FieldError[] {
  const errors = isQualifiedName(name).map((message) => invalid(path, name, message));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) errors.push(invalid(path, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errors;
}

/** ValidateNamespace, without metadata. Kubernetes reports every finalizer at the list's path, unindexed. */
export function validateNamespace(namespace: Namespace): FieldError[] {
  const path = FieldPath.of('spec', 'finalizers');
  return (namespace.spec?.finalizers ?? []).flatMap((finalizer) => validateFinalizerName(finalizer, path));
}
