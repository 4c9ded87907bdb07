// The attemptToDelete worker (attemptToDeleteItem, processDeletingDependentsItem): a node
// whose owners may be gone, or an owner being deleted in the foreground, is judged against
// the live objects, and collected, freed of its dead references, or left alone.
import { isNotFound, type KubeObject } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Logger } from 'pino';
import { ownerReferencesOf } from '../../controller-utils/controller-ref.js';
import { classifyReferences, NamespacedOwnerOfClusterScopedObjectError } from './classify-references.js';
import { describe, FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, type DependencyGraph, type GraphNode } from './graph.js';
import type { GraphBuilder } from './graph-builder.js';
import type { GcApi, PropagationPolicy } from './operations.js';
import type { ResourceMapper } from './resource-mapper.js';

export interface AttemptToDeleteDeps {
  graph: DependencyGraph;
  builder: GraphBuilder;
  api: GcApi;
  mapper: ResourceMapper;
  attemptToDelete: { add(uid: string): void };
  /** Whether an informer watches this apiVersion/kind, so a virtual node of it will be observed. */
  isMonitored(apiVersion: string, kind: string): boolean;
  log: Logger;
}

/** Requeues a virtual node that exists but no informer has shown yet (kubernetes#56121). */
export class NotYetObservedError extends Error {
  constructor(node: GraphNode) {
    super(`${describe(node.identity)} exists but has not been observed by an informer yet`);
    this.name = 'NotYetObservedError';
  }
}

/** One attemptToDelete key (a uid); throws to be retried rate-limited. */
export async function syncAttemptToDelete(uid: string, deps: AttemptToDeleteDeps): Promise<void> {
  const item = deps.graph.get(uid);
  if (!item) return;
  try {
    await attemptToDeleteItem(item, deps);
  } catch (err) {
    // No retry mends this reference; Kubernetes gives up on it as well.
    if (err instanceof NamespacedOwnerOfClusterScopedObjectError) {
      deps.log.info({ item: describe(item.identity), err: err.message }, 'not collecting item');
      return;
    }
    throw err;
  }
  if (item.virtual && deps.graph.get(uid) === item && deps.isMonitored(item.identity.apiVersion, item.identity.kind)) throw new NotYetObservedError(item);
}

export async function attemptToDeleteItem(item: GraphNode, deps: AttemptToDeleteDeps): Promise<void> {
  const key = describe(item.identity);
  // Being deleted is a one-way trip: its dependents are handled when it is gone.
  if (item.beingDeleted && !item.deletingDependents) return;
  const latest = await deps.api.get(deps.mapper.refFor(item.identity));
  if (!latest || latest.metadata?.uid !== item.identity.uid) {
    deps.builder.virtualDelete(item.identity);
    return;
  }
  if (item.deletingDependents) return processDeletingDependentsItem(item, deps);

  const refs = ownerReferencesOf(latest);
  if (refs.length === 0) return;
  const { solid, dangling, waitingForDependentsDeletion: waiting } = await classifyReferences(item.identity, refs, deps.mapper, (ref) => deps.api.get(ref));
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return;
    // A reference to an owner waiting for its dependents must go too, or that owner never finishes.
    const uids = [...dangling, ...waiting].map((ref) => ref.uid);
    deps.log.info({ item: key, uid: item.identity.uid, removed: uids }, 'item has a live owner; removing its dangling and waiting owner references');
    await deps.api.deleteOwnerReferences(item.identity, uids);
    return;
  }
  if (waiting.length > 0 && item.dependents.size > 0) {
    if ([...item.dependents].some((dep) => dep.deletingDependents)) {
      // A dependent also waiting for its dependents may be a cycle: stop blocking the owners (false positives are harmless).
      deps.log.info({ item: key }, 'an owner and a dependent of item are both deleting dependents; unblocking its owner references');
      await deps.api.unblockOwnerReferences(item.identity, refs.filter((ref: OwnerReference) => ref.blockOwnerDeletion === true));
    }
    return deleteItem(item, latest, 'Foreground', deps);
  }
  return deleteItem(item, latest, policyFor(latest.metadata?.finalizers as string[] | undefined), deps);
}

/** An item with no owner left keeps the deletion its own finalizers ask for; Background otherwise. */
function policyFor(finalizers: string[] = []): PropagationPolicy {
  if (finalizers.includes(FINALIZER_ORPHAN_DEPENDENTS)) return 'Orphan';
  if (finalizers.includes(FINALIZER_DELETE_DEPENDENTS)) return 'Foreground';
  return 'Background';
}

async function deleteItem(item: GraphNode, latest: KubeObject, policy: PropagationPolicy, deps: AttemptToDeleteDeps): Promise<void> {
  deps.log.info({ item: describe(item.identity), uid: item.identity.uid, propagationPolicy: policy }, 'deleting item');
  try {
    await deps.api.deleteObject(item.identity, latest, policy);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    deps.builder.virtualDelete(item.identity);
  }
}

/** An owner in foreground deletion: its blocking dependents are deleted first, then its finalizer goes. */
async function processDeletingDependentsItem(item: GraphNode, deps: AttemptToDeleteDeps): Promise<void> {
  const blocking = item.blockingDependents();
  if (blocking.length === 0) {
    deps.log.info({ item: describe(item.identity), uid: item.identity.uid }, 'no blocking dependents left; removing the foregroundDeletion finalizer');
    await deps.api.removeFinalizer(item.identity, FINALIZER_DELETE_DEPENDENTS);
    return;
  }
  for (const dep of blocking) if (!dep.deletingDependents) deps.attemptToDelete.add(dep.identity.uid);
}
