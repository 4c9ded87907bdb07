// Namespaces: SetDefaults_Namespace and SetDefaults_NamespaceStatus, and what the namespace
// strategy adds on create.
import { child, defaultZero, type Obj } from './fields.js';

/** The label every namespace carries with its own name (v1.LabelMetadataName). */
const NAME_LABEL = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes once the namespace's content is gone. */
const KUBERNETES_FINALIZER = 'kubernetes';

/** The name label is always set (validation requires it to match); the phase defaults to Active. */
export function defaultNamespace(namespace: Obj): void {
  const metadata = child(namespace, 'metadata');
  // A generateName-only namespace has no name yet: the label is set when it is read back.
  if (typeof metadata.name === 'string' && metadata.name !== '') child(metadata, 'labels')[NAME_LABEL] = metadata.name;
  defaultZero(child(namespace, 'status'), 'phase', 'Active');
}

/**
 * PrepareForCreate: a new namespace is Active and carries the kubernetes finalizer. Only on
 * create, since the namespace controller removes the finalizer while the namespace terminates.
 */
export function prepareNamespaceForCreate(namespace: Obj): void {
  namespace.status = { phase: 'Active' };
  const spec = child(namespace, 'spec');
  const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers : [];
  spec.finalizers = finalizers.includes(KUBERNETES_FINALIZER) ? finalizers : [...finalizers, KUBERNETES_FINALIZER];
}
