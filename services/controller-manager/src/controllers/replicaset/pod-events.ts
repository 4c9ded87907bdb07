// What a pod event means to the ReplicaSet controller (addPod, updatePod, deletePod): the
// owning ReplicaSet - by the pod's controllerRef, or for an orphan every ReplicaSet whose
// selector matches it, to adopt - is enqueued, and the creation or deletion it was
// expecting is counted as observed.
import { DeletedFinalStateUnknown, metaNamespaceKeyFunc, type KubeObject } from '@kubeling/client';
import type { Pod as CorePod } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import type { Logger } from 'pino';
import { controllerOf } from '../../controller-utils/controller-ref.js';
import type { UIDTrackingControllerExpectations } from '../../controller-utils/expectations.js';
import { isPodReady } from '../../controller-utils/pod-readiness.js';
import { podKey } from './manage-replicas.js';
import type { ReplicaSetKind, ReplicatedObject } from './replica-set-kind.js';

export interface PodEventDeps {
  kind: ReplicaSetKind;
  getReplicaSet(namespace: string, name: string): ReplicatedObject | undefined;
  listReplicaSets(namespace: string): ReplicatedObject[];
  expectations: UIDTrackingControllerExpectations;
  enqueue(key: string): void;
  enqueueAfter(key: string, delayMs: number): void;
  log: Logger;
}

type Pod = CorePod & KubeObject;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export class PodEventHandler {
  constructor(private readonly deps: PodEventDeps) {}

  onAdd(pod: Pod): void {
    // A pod already being deleted when first seen (after a restart) is no creation of ours.
    if (pod.metadata?.deletionTimestamp) {
      this.onDelete(pod);
      return;
    }
    const ref = controllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod, ref);
      if (!rs) return;
      const key = metaNamespaceKeyFunc(rs);
      this.deps.expectations.creationObserved(key);
      this.deps.enqueue(key);
      return;
    }
    for (const rs of this.matchingReplicaSets(pod)) this.deps.enqueue(metaNamespaceKeyFunc(rs));
  }

  onUpdate(oldPod: Pod, pod: Pod): void {
    // A resync: nothing changed.
    if (pod.metadata?.resourceVersion === oldPod.metadata?.resourceVersion) return;
    const labelChanged = !sameJson(pod.metadata?.labels, oldPod.metadata?.labels);
    if (pod.metadata?.deletionTimestamp) {
      // Graceful deletion: replace the pod now rather than when the kubelet finishes it.
      this.onDelete(pod);
      if (labelChanged) this.onDelete(oldPod);
      return;
    }
    const ref = controllerOf(pod);
    const oldRef = controllerOf(oldPod);
    const refChanged = !sameJson(ref, oldRef);
    if (refChanged && oldRef) {
      const old = this.resolveControllerRef(oldPod, oldRef);
      if (old) this.deps.enqueue(metaNamespaceKeyFunc(old));
    }
    if (ref) {
      const rs = this.resolveControllerRef(pod, ref);
      if (!rs) return;
      const key = metaNamespaceKeyFunc(rs);
      this.deps.enqueue(key);
      const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
      // A second more, so the pod is surely available by then.
      if (!isPodReady(oldPod) && isPodReady(pod) && minReadySeconds > 0) this.deps.enqueueAfter(key, (minReadySeconds + 1) * 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.matchingReplicaSets(pod)) this.deps.enqueue(metaNamespaceKeyFunc(rs));
  }

  onDelete(obj: Pod | DeletedFinalStateUnknown<Pod>): void {
    // A tombstone's pod may be stale; it is all there is.
    const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
    const ref = controllerOf(pod);
    if (!ref) return;
    const rs = this.resolveControllerRef(pod, ref);
    if (!rs) return;
    const key = metaNamespaceKeyFunc(rs);
    this.deps.expectations.deletionObserved(key, podKey(pod));
    this.deps.enqueue(key);
  }

  /** The cached owner the reference names, if it is of our kind and the very object (same uid). */
  private resolveControllerRef(pod: Pod, ref: OwnerReference): ReplicatedObject | undefined {
    if (ref.kind !== this.deps.kind.owner.kind) return undefined;
    const rs = this.deps.getReplicaSet(pod.metadata?.namespace ?? '', ref.name);
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  }

  /** Every ReplicaSet of the pod's namespace whose (non-empty, valid) selector matches it: candidates to adopt it. */
  private matchingReplicaSets(pod: Pod): ReplicatedObject[] {
    const matching = this.deps.listReplicaSets(pod.metadata?.namespace ?? '').filter((rs) => {
      try {
        const selector = this.deps.kind.selectorOf(rs);
        return !selector.empty() && selector.matches(pod.metadata?.labels);
      } catch {
        return false;
      }
    });
    if (matching.length > 1) this.deps.log.warn({ pod: podKey(pod), owners: matching.map((rs) => rs.metadata?.name) }, 'user error: more than one owner selects the pod');
    return matching;
  }
}
