// classifyReferences and isDangling (garbagecollector.go): each owner reference of an object
// is checked by a live GET, never by the graph alone, before the object may be collected.
import type { KubeObject, ResourceRef } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { FINALIZER_DELETE_DEPENDENTS, type ObjectIdentity } from './graph.js';
import type { ResourceMapper } from './resource-mapper.js';

/** A live read: the object, or undefined when the apiserver says NotFound. */
export type LiveGet = (ref: ResourceRef) => Promise<KubeObject | undefined>;

/** A cluster-scoped object naming a namespaced owner: invalid, and no retry mends it. */
export class NamespacedOwnerOfClusterScopedObjectError extends Error {
  constructor(item: ObjectIdentity, ref: OwnerReference) {
    super(`cluster-scoped ${item.kind} ${item.name} cannot refer to namespaced owner ${ref.kind} ${ref.name}`);
    this.name = 'NamespacedOwnerOfClusterScopedObjectError';
  }
}

export interface ClassifiedReferences {
  /** The owner exists with that uid and is not waiting for its dependents' deletion. */
  solid: OwnerReference[];
  /** No owner of that name, or one with another uid. */
  dangling: OwnerReference[];
  /** The owner exists, is being deleted, and has the foregroundDeletion finalizer. */
  waitingForDependentsDeletion: OwnerReference[];
}

/** The owner `ref` names as it is now, or undefined when it is gone (a namespaced owner is looked up in the item's namespace). */
export async function liveOwner(ref: OwnerReference, item: ObjectIdentity, mapper: ResourceMapper, get: LiveGet): Promise<KubeObject | undefined> {
  const resource = mapper.resourceFor(ref.apiVersion, ref.kind);
  if (resource.namespaced && item.namespace === '') throw new NamespacedOwnerOfClusterScopedObjectError(item, ref);
  const owner = await get(mapper.refFor({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, namespace: item.namespace }));
  return owner?.metadata?.uid === ref.uid ? owner : undefined;
}

export async function classifyReferences(item: ObjectIdentity, refs: readonly OwnerReference[], mapper: ResourceMapper, get: LiveGet): Promise<ClassifiedReferences> {
  const out: ClassifiedReferences = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
  for (const ref of refs) {
    const owner = await liveOwner(ref, item, mapper, get);
    if (!owner) out.dangling.push(ref);
    else if (owner.metadata?.deletionTimestamp && ((owner.metadata.finalizers as string[] | undefined) ?? []).includes(FINALIZER_DELETE_DEPENDENTS)) out.waitingForDependentsDeletion.push(ref);
    else out.solid.push(ref);
  }
  return out;
}
