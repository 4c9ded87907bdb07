// syncReplicaSet, level-based on one key (namespace/name): claim the active pods of the
// namespace, create or delete pods if the cache shows every earlier write (expectations),
// then write the status those pods give.
import { LabelSelectorError, type LabelSelector } from '@kubeling/api/selectors/label-selector';
import { isConflict, splitMetaNamespaceKey, type KubeObject } from '@kubeling/client';
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ControllerRefManager } from '../../controller-utils/controller-ref-manager.js';
import { isPodActive } from '../../controller-utils/pod-readiness.js';
import { manageReplicas, type ManageReplicasDeps } from './manage-replicas.js';
import type { ReplicatedObject } from './replica-set-kind.js';
import { calculateStatus, desiredReplicas, statusUpToDate } from './status.js';

export interface ReplicaSetSyncDeps extends ManageReplicasDeps {
  /** The cached ReplicaSet. */
  getReplicaSet(namespace: string, name: string): ReplicatedObject | undefined;
  /** The ReplicaSet as the apiserver has it now (undefined if gone). */
  getFreshReplicaSet(namespace: string, name: string): Promise<ReplicatedObject | undefined>;
  /** A strategic merge patch on a pod: adoption and release. */
  patchPod(namespace: string, name: string, patch: unknown): Promise<unknown>;
  /** Writes the status subresource. */
  updateStatus(rs: ReplicatedObject): Promise<ReplicatedObject>;
  enqueueAfter(key: string, delayMs: number): void;
}

/** Status writes retried once on a fresh copy after a failure (statusUpdateRetries). */
const STATUS_UPDATE_RETRIES = 1;

export async function syncReplicaSet(key: string, deps: ReplicaSetSyncDeps): Promise<void> {
  const { namespace, name } = splitMetaNamespaceKey(key);
  const rs = deps.getReplicaSet(namespace, name);
  if (!rs) {
    deps.expectations.deleteExpectations(key);
    return;
  }
  const needsSync = deps.expectations.satisfiedExpectations(key);
  const selector = selectorOrUndefined(key, rs, deps);
  if (!selector) return;
  // Every pod of the namespace: those that no longer match but still name this owner are released.
  const active = deps.listPods(rs.metadata!.namespace!).filter(isPodActive);
  const pods = await claimPods(rs, selector, active, deps);
  const manageError = needsSync && !rs.metadata?.deletionTimestamp ? await manageReplicas(key, rs, pods, deps) : undefined;
  const status = calculateStatus(rs, pods, manageError, deps.now());
  const updated = await updateReplicaSetStatus(rs, status, deps);
  // Counted available only after minReadySeconds: come back then, as no pod event will say so.
  const minReadySeconds = updated.spec?.minReadySeconds ?? 0;
  const desired = desiredReplicas(updated);
  if (!manageError && minReadySeconds > 0 && updated.status?.readyReplicas === desired && updated.status?.availableReplicas !== desired) {
    deps.enqueueAfter(key, minReadySeconds * 1000);
  }
  if (manageError) throw manageError;
}

function selectorOrUndefined(key: string, rs: ReplicatedObject, deps: ReplicaSetSyncDeps): LabelSelector | undefined {
  try {
    return deps.kind.selectorOf(rs);
  } catch (err) {
    // Retrying cannot help an invalid selector; a spec update enqueues it again.
    if (!(err instanceof LabelSelectorError)) throw err;
    deps.log.warn({ key, err: err.message }, 'invalid pod selector');
    return undefined;
  }
}

function claimPods(rs: ReplicatedObject, selector: LabelSelector, pods: Pod[], deps: ReplicaSetSyncDeps): Promise<Pod[]> {
  const manager = new ControllerRefManager<Pod & KubeObject>(rs, deps.kind.owner, selector, {
    getFreshOwner: () => deps.getFreshReplicaSet(rs.metadata!.namespace!, rs.metadata!.name!),
    patch: (namespace, name, patch) => deps.patchPod(namespace, name, patch),
  });
  return manager.claim(pods as Array<Pod & KubeObject>);
}

/** Writes `status` unless nothing would change; on a failure, retries once on the object as it is now. */
async function updateReplicaSetStatus(rs: ReplicatedObject, status: ReplicaSetStatus, deps: ReplicaSetSyncDeps): Promise<ReplicatedObject> {
  if (statusUpToDate(rs, status)) return rs;
  // The generation acted on, so a retried write does not claim a spec it has not seen.
  const newStatus = { ...status, observedGeneration: rs.metadata?.generation };
  let target: ReplicatedObject = rs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.updateStatus({ ...target, status: newStatus } as ReplicatedObject);
    } catch (err) {
      if (attempt >= STATUS_UPDATE_RETRIES) throw err;
      if (!isConflict(err)) deps.log.warn({ key: `${rs.metadata?.namespace}/${rs.metadata?.name}`, err: (err as Error).message }, 'status update failed; retrying');
      const fresh = await deps.getFreshReplicaSet(rs.metadata!.namespace!, rs.metadata!.name!);
      if (!fresh) throw err;
      target = fresh;
    }
  }
}
