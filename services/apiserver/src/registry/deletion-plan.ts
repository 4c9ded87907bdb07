import { isDeepStrictEqual } from 'node:util';
import type { ResourceInfo } from '@kubeling/api';
import type { KubeObject } from '../storage/object.js';
import { defaultGarbageCollectionPolicy, deletionFinalizersForGarbageCollection, type DeleteOptions, type GarbageCollectionPolicy } from './deletion-finalizers.js';
import { beforeDelete, markAsDeleting, podGracePeriod, type GracePeriod } from './graceful-deletion.js';

/**
 * What a delete does to the stored object: 'keep' leaves it as it is (a deletion is already
 * under way and nothing changes), 'mark' stores it with deletionTimestamp (and the finalizers
 * it now waits for), 'delete' removes it now.
 */
export type DeletionPlan = { action: 'keep' } | { action: 'mark'; object: KubeObject } | { action: 'delete' };

/** What a resource's registry strategy says about deletes. */
export interface DeleteStrategy {
  gcPolicy: GarbageCollectionPolicy;
  /** Set for the kinds deleted gracefully (pods). */
  gracePeriod?: GracePeriod;
}

/**
 * The generic registry's Delete (with updateForGracefulDeletionAndFinalizers): graceful
 * deletion first, then the GC finalizers the options ask for; an object that still has
 * finalizers, or grace left, is only marked.
 */
export function planDeletion(obj: KubeObject, options: DeleteOptions, strategy: DeleteStrategy, now: Date): DeletionPlan {
  const meta = { ...obj.metadata };
  const verdict = beforeDelete(obj, meta, options, strategy.gracePeriod, now);
  // Finalizers cannot be changed by a delete while a graceful deletion is pending.
  if (verdict === 'pending') return { action: 'keep' };
  const gc = deletionFinalizersForGarbageCollection(strategy.gcPolicy, meta.finalizers ?? [], options);
  if (gc.changed) meta.finalizers = gc.finalizers;
  const pendingFinalizers = (meta.finalizers ?? []).length > 0;
  if (verdict === 'now') {
    if (!pendingFinalizers) return { action: 'delete' };
    markAsDeleting(meta, now);
  } else if (!pendingFinalizers && meta.deletionGracePeriodSeconds === 0) {
    return { action: 'delete' };
  }
  const object = { ...obj, metadata: meta };
  return isDeepStrictEqual(object, obj) ? { action: 'keep' } : { action: 'mark', object };
}

/** The strategy of a served resource: its default GC policy; pods are deleted gracefully. */
export function deleteStrategyFor(r: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): DeleteStrategy {
  const gcPolicy = defaultGarbageCollectionPolicy(r);
  return r.group === '' && r.resource === 'pods' ? { gcPolicy, gracePeriod: podGracePeriod } : { gcPolicy };
}
