// The RollingUpdate strategy (rolling.go): grow the new ReplicaSet as far as maxSurge allows,
// shrink the old ones as far as maxUnavailable allows (their unhealthy pods first), one step
// per sync; each ReplicaSet change brings the next sync.
import { cleanupDeployment } from './cleanup.js';
import type { DeploymentDeps } from './deps.js';
import { maxUnavailable } from './fenceposts.js';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.js';
import { newRSNewReplicas } from './new-replicas.js';
import { syncRolloutStatus } from './progress.js';
import { activeReplicaSets, byCreation, podsAvailableAtLeast, replicaCount } from './replica-sets.js';
import { scaleReplicaSetAndRecordEvent } from './scale.js';
import { deploymentComplete } from './status.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

export async function rolloutRolling(deps: DeploymentDeps, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(deps, allRSs, newRS!, d)) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (await reconcileOldReplicaSets(deps, allRSs, activeReplicaSets(oldRSs), newRS!, d)) return syncRolloutStatus(deps, allRSs, newRS, d);
  if (deploymentComplete(d, d.status)) await cleanupDeployment(deps, oldRSs, d);
  return syncRolloutStatus(deps, allRSs, newRS, d);
}

export async function reconcileNewReplicaSet(deps: DeploymentDeps, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): Promise<boolean> {
  const replicas = specReplicas(d);
  if (specReplicas(newRS) === replicas) return false;
  const target = specReplicas(newRS) > replicas ? replicas : newRSNewReplicas(d, allRSs, newRS);
  return (await scaleReplicaSetAndRecordEvent(deps, newRS, target, d)).scaled;
}

/**
 * Old pods may go while enough stay available: first the old ReplicaSets' unhealthy pods
 * (their going costs no availability, and they would block the rollout), then healthy ones
 * down to replicas - maxUnavailable.
 */
export async function reconcileOldReplicaSets(deps: DeploymentDeps, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, scaledDown: cleanedUp } = await cleanupUnhealthyReplicas(deps, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(deps, [...cleaned, newRS], cleaned, d);
  return cleanedUp + scaledDown > 0;
}

async function cleanupUnhealthyReplicas(deps: DeploymentDeps, oldRSs: ReplicaSetObject[], d: DeploymentObject, maxCleanup: number): Promise<{ oldRSs: ReplicaSetObject[]; scaledDown: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break;
    const unhealthy = specReplicas(rs) - (rs.status?.availableReplicas ?? 0);
    if (specReplicas(rs) === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    sorted[i] = (await scaleReplicaSetAndRecordEvent(deps, rs, specReplicas(rs) - count, d)).rs;
    total += count;
  }
  return { oldRSs: sorted, scaledDown: total };
}

async function scaleDownOldReplicaSetsForRollingUpdate(deps: DeploymentDeps, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<number> {
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const available = podsAvailableAtLeast(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= toScaleDown) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), toScaleDown - total);
    await scaleReplicaSetAndRecordEvent(deps, rs, specReplicas(rs) - count, d);
    total += count;
  }
  return total;
}
