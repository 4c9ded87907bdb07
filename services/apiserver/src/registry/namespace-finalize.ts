import { rfc3339 } from '@kubeling/api/meta-time';
import type { KubeObject } from '../storage/object.js';
import { namespaceDeletionFinalizers, type DeleteOptions } from './deletion-finalizers.js';
import { planDeletion, type DeletionPlan } from './deletion-plan.js';

/** The `finalize` subresource of namespaces: the one write that changes spec.finalizers. */
export const FINALIZE = 'finalize';

type NamespaceSpec = { finalizers?: string[] } | undefined;

/** spec.finalizers: what must finish (the namespace controller's "kubernetes") before the namespace goes. */
export function specFinalizers(ns: KubeObject): string[] {
  return (ns.spec as NamespaceSpec)?.finalizers ?? [];
}

/**
 * The namespace registry's Delete: the first delete marks the namespace Terminating (with the
 * GC finalizers the options ask for) for the namespace controller to empty and finalize; later
 * deletes wait while spec.finalizers remain, then delete as any object. A namespace nothing
 * would finalize is deleted at once.
 */
export function planNamespaceDeletion(ns: KubeObject, options: DeleteOptions, now: Date): DeletionPlan {
  if (ns.metadata?.deletionTimestamp) {
    if (specFinalizers(ns).length > 0) return { action: 'keep' };
    return planDeletion(ns, options, { gcPolicy: 'DeleteDependents' }, now);
  }
  const gc = namespaceDeletionFinalizers(ns.metadata?.finalizers ?? [], options);
  if (specFinalizers(ns).length === 0 && gc.finalizers.length === 0) return { action: 'delete' };
  const metadata = { ...ns.metadata, deletionTimestamp: rfc3339(now), ...(gc.changed ? { finalizers: gc.finalizers } : {}) };
  return { action: 'mark', object: { ...ns, metadata, status: { ...(ns.status as object), phase: 'Terminating' } } };
}

/**
 * namespaceStrategy.PrepareForUpdate: an update keeps the stored spec.finalizers; only the
 * finalize subresource (namespaceFinalizeStrategy) takes them from the request.
 */
export function prepareNamespaceUpdate(old: KubeObject, next: KubeObject, subresource: string | undefined): KubeObject {
  if (subresource === FINALIZE) return next;
  const kept = (old.spec as NamespaceSpec)?.finalizers;
  const spec = { ...(next.spec as object) } as { finalizers?: string[] };
  if (kept === undefined && spec.finalizers === undefined) return next;
  if (kept === undefined) delete spec.finalizers;
  else spec.finalizers = kept;
  return { ...next, spec };
}
