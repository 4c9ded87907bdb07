// A deployment's status as its ReplicaSets make it (sync.go calculateStatus) and the
// judgements made from it (deployment/util DeploymentComplete, DeploymentProgressing,
// DeploymentTimedOut).
import type { DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { AVAILABLE, getCondition, newCondition, PROGRESSING, Reason, setCondition } from './conditions.js';
import { maxUnavailable } from './fenceposts.js';
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, replicaCount } from './replica-sets.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

/** progressDeadlineSeconds of MaxInt32 means no deadline. */
const NO_DEADLINE = 2 ** 31 - 1;

export function hasProgressDeadline(d: DeploymentObject): boolean {
  const deadline = d.spec?.progressDeadlineSeconds;
  return deadline !== undefined && deadline !== null && deadline !== NO_DEADLINE;
}

export function calculateStatus(allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject, nowMs: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    // Negative while scaling down: more pods are available than wanted.
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
    conditions: (d.status?.conditions ?? []).map((c) => ({ ...c })),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const availability =
    available >= specReplicas(d) - maxUnavailable(d)
      ? newCondition(AVAILABLE, 'True', Reason.minimumReplicasAvailable, 'Deployment has minimum availability.', nowMs)
      : newCondition(AVAILABLE, 'False', Reason.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs);
  setCondition(status, availability);
  return status;
}

/** All desired replicas updated and available, no old pods left, and the latest spec seen. */
export function deploymentComplete(d: DeploymentObject, status: DeploymentStatus | undefined): boolean {
  const replicas = specReplicas(d);
  return (
    (status?.updatedReplicas ?? 0) === replicas &&
    (status?.replicas ?? 0) === replicas &&
    (status?.availableReplicas ?? 0) === replicas &&
    (status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** New pods updated, ready or available, or old pods gone, since the status the deployment has. */
export function deploymentProgressing(d: DeploymentObject, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOldReplicas = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOldReplicas < oldOldReplicas ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** When, by its Progressing condition, the deployment's progress deadline passes; undefined when nothing is timed. */
export function progressDeadlineMs(d: DeploymentObject, status: DeploymentStatus | undefined): number | undefined {
  const condition = getCondition(status, PROGRESSING);
  if (!hasProgressDeadline(d) || !condition?.lastUpdateTime) return undefined;
  return Date.parse(condition.lastUpdateTime) + d.spec!.progressDeadlineSeconds! * 1000;
}

export function deploymentTimedOut(d: DeploymentObject, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, PROGRESSING);
  if (!condition || condition.reason === Reason.newRSAvailable) return false;
  if (condition.reason === Reason.timedOut) return true;
  const deadline = progressDeadlineMs(d, status);
  return deadline !== undefined && deadline < nowMs;
}
