// manageReplicas: brings the number of active pods a ReplicaSet controls to spec.replicas,
// at most burstReplicas writes per sync. Expectations are raised before any write and
// lowered for each write that fails, so the next sync waits for the informer to show exactly
// the writes that happened, never acting twice on a cache that lags behind.
import { isNotFound, type Selector } from '@kubeling/client';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Logger } from 'pino';
import { controllerOf, newControllerRef } from '../../controller-utils/controller-ref.js';
import type { UIDTrackingControllerExpectations } from '../../controller-utils/expectations.js';
import { isNamespaceTerminating, type PodControl } from './pod-control.js';
import { podsToDelete } from './pods-to-delete.js';
import type { ReplicaSetKind, ReplicatedObject } from './replica-set-kind.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slow-start-batch.js';
import { desiredReplicas } from './status.js';

/** kube-controller-manager's burstReplicas: the most creates or deletes one sync makes. */
export const BURST_REPLICAS = 500;

export interface ManageReplicasDeps {
  kind: ReplicaSetKind;
  podControl: PodControl;
  expectations: UIDTrackingControllerExpectations;
  /** The cached ReplicaSets of a namespace. */
  listReplicaSets(namespace: string): ReplicatedObject[];
  /** The cached pods of a namespace that `selector` matches. */
  listPods(namespace: string, selector?: Selector): Pod[];
  burstReplicas: number;
  now(): number;
  log: Logger;
}

export const podKey = (pod: Pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`;

/** Creates or deletes pods; resolves to the first failure (already reported as an Event), if any. */
export async function manageReplicas(key: string, rs: ReplicatedObject, pods: readonly Pod[], deps: ManageReplicasDeps): Promise<Error | undefined> {
  const diff = pods.length - desiredReplicas(rs);
  if (diff < 0) return createPods(key, rs, Math.min(-diff, deps.burstReplicas), deps);
  if (diff > 0) return deletePods(key, rs, pods, Math.min(diff, deps.burstReplicas), deps);
  return undefined;
}

async function createPods(key: string, rs: ReplicatedObject, count: number, deps: ManageReplicasDeps): Promise<Error | undefined> {
  deps.expectations.expectCreations(key, count);
  deps.log.info({ key, need: desiredReplicas(rs), creating: count }, 'too few replicas');
  const namespace = rs.metadata!.namespace!;
  const controllerRef = newControllerRef(rs, deps.kind.owner);
  const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () =>
    deps.podControl.createPod(namespace, rs.spec?.template, rs, controllerRef).catch((err: unknown) => {
      // Every create fails while the namespace is being deleted: nothing to report or retry.
      if (!isNamespaceTerminating(err)) throw err;
    }),
  );
  // Pods never created will never be observed.
  const skipped = count - successes;
  if (skipped > 0) deps.log.info({ key, skipped }, 'slow-start failure; skipping creation of pods, decrementing expectations');
  for (let i = 0; i < skipped; i++) deps.expectations.creationObserved(key);
  return error;
}

async function deletePods(key: string, rs: ReplicatedObject, pods: readonly Pod[], count: number, deps: ManageReplicasDeps): Promise<Error | undefined> {
  deps.log.info({ key, need: desiredReplicas(rs), deleting: count }, 'too many replicas');
  const victims = podsToDelete(pods, indirectlyRelatedPods(rs, deps), count, deps.now());
  // By key, so each deletion counts once whether seen as a deletionTimestamp or as a delete.
  deps.expectations.expectDeletions(key, victims.map(podKey));
  const errors = await Promise.all(
    victims.map(async (pod) => {
      try {
        await deps.podControl.deletePod(rs.metadata!.namespace!, pod.metadata!.name!, rs);
        return undefined;
      } catch (err) {
        // Never to be observed.
        deps.expectations.deletionObserved(key, podKey(pod));
        return isNotFound(err) ? undefined : (err as Error);
      }
    }),
  );
  return errors.find((err) => err !== undefined);
}

/** The pods of every ReplicaSet sharing this one's controller; none when it has no controller. */
function indirectlyRelatedPods(rs: ReplicatedObject, deps: ManageReplicasDeps): Pod[] {
  const controllerUid = controllerOf(rs)?.uid;
  if (!controllerUid) return [];
  const seen = new Set<string>();
  const related: Pod[] = [];
  for (const sibling of deps.listReplicaSets(rs.metadata!.namespace!).filter((other) => controllerOf(other)?.uid === controllerUid)) {
    let selector: Selector;
    try {
      selector = deps.kind.selectorOf(sibling);
    } catch {
      // An invalid selector matches no pods.
      continue;
    }
    for (const pod of deps.listPods(rs.metadata!.namespace!, selector)) {
      const uid = pod.metadata?.uid ?? podKey(pod);
      if (seen.has(uid)) continue;
      seen.add(uid);
      related.push(pod);
    }
  }
  return related;
}
