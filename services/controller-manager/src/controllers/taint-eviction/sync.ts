// The taint eviction sync, level-based on one pod's key: a pod bound to a node with NoExecute
// taints it does not tolerate is deleted; one that tolerates them for a while is looked at
// again when that time is up; any other pod has nothing scheduled (a pending deletion is
// cancelled, e.g. when the taint went away first).
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.js';
import { evictionTime, noExecuteTaints } from './tolerations.js';

export interface TaintEvictionDeps {
  /** The informer caches' pod (namespace/name) and node. */
  getPod(key: string): Pod | undefined;
  getNode(name: string): Node | undefined;
  /** Since when (ms) the taint is on the node: its timeAdded, or when this controller first saw it. */
  taintAddedAt(nodeName: string, taint: Taint): number;
  /** Marks the pod a disruption target and deletes it. */
  evict(pod: Pod): Promise<void>;
  /** Syncs the key again after `delayMs`. */
  syncAfter(key: string, delayMs: number): void;
  /** Says that the pending deletion of the pod was called off. */
  cancelled(key: string): void;
  /** Pods waiting for their deletion, and when it is due. */
  scheduled: Map<string, number>;
  now(): number;
}

export async function syncPod(key: string, deps: TaintEvictionDeps): Promise<void> {
  const pod = deps.getPod(key);
  const nodeName = pod?.spec?.nodeName;
  // A pod already being deleted is on its way out; deleting it again would change nothing.
  const taints = pod && nodeName && !pod.metadata?.deletionTimestamp ? noExecuteTaints(deps.getNode(nodeName)) : [];
  const now = deps.now();
  const due = taints.length > 0 ? evictionTime(taints, pod!.spec?.tolerations, now, (taint) => deps.taintAddedAt(nodeName!, taint)) : undefined;
  if (due === undefined) {
    if (deps.scheduled.delete(key)) deps.cancelled(key);
    return;
  }
  if (due > now) {
    deps.scheduled.set(key, due);
    deps.syncAfter(key, due - now);
    return;
  }
  deps.scheduled.delete(key);
  await deps.evict(pod!);
}
