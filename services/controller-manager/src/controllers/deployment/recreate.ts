// The Recreate strategy (recreate.go): every old ReplicaSet to zero, wait until no old pod is
// left, only then create or scale up the new one; so old and new pods never run together.
import { cleanupDeployment } from './cleanup.js';
import type { DeploymentDeps } from './deps.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { syncRolloutStatus } from './progress.js';
import { activeReplicaSets, actualReplicaCount } from './replica-sets.js';
import { scaleReplicaSetAndRecordEvent } from './scale.js';
import { deploymentComplete } from './status.js';
import { specReplicas, type DeploymentObject, type PodObject, type ReplicaSetObject } from './types.js';

/** The deployment's pods by the uid of the ReplicaSet controlling them. */
export type PodMap = Map<string, PodObject[]>;

/** Old ReplicaSets still count pods, or a pod of theirs is not finished (a pod in Unknown may still run). */
export function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: readonly ReplicaSetObject[], podMap: PodMap): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podMap) {
    if (newRS && newRS.metadata?.uid === uid) continue;
    if (pods.some((pod) => pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

export async function rolloutRecreate(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[], podMap: PodMap): Promise<void> {
  // The new ReplicaSet is not created yet: nothing may scale up before the old pods are gone.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if ((await scaleReplicaSetAndRecordEvent(deps, rs, 0, d)).scaled) scaledDown = true;
  }
  if (scaledDown || oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await scaleReplicaSetAndRecordEvent(deps, newRS!, specReplicas(d), d);
  if (deploymentComplete(d, d.status)) await cleanupDeployment(deps, oldRSs, d);
  return syncRolloutStatus(deps, allRSs, newRS, d);
}
