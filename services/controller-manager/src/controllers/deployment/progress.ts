// The status written during a rollout (progress.go syncRolloutStatus): the Progressing
// condition tells whether the new ReplicaSet has rolled out, is progressing, or has made no
// progress for progressDeadlineSeconds; a deployment that may still time out is synced again
// when its deadline passes (requeueStuckDeployment).
import type { DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1.js';
import { canonicalJson } from './canonical-json.js';
import { getCondition, newCondition, PROGRESSING, Reason, removeCondition, REPLICA_FAILURE, setCondition } from './conditions.js';
import { keyOf, updateDeploymentStatus, type DeploymentDeps } from './deps.js';
import { calculateStatus, deploymentComplete, deploymentProgressing, deploymentTimedOut, hasProgressDeadline, progressDeadlineMs } from './status.js';
import type { DeploymentObject, ReplicaSetObject } from './types.js';

/** Below this the deployment is checked again at once rather than at its deadline. */
const REQUEUE_NOW_MS = 1_000;

function progressingCondition(d: DeploymentObject, next: DeploymentStatus, newRS: ReplicaSetObject | undefined, nowMs: number): DeploymentCondition | undefined {
  const subject = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${d.metadata?.name}"`;
  if (deploymentComplete(d, next)) return newCondition(PROGRESSING, 'True', Reason.newRSAvailable, `${subject} has successfully progressed.`, nowMs);
  if (deploymentProgressing(d, next)) {
    const condition = newCondition(PROGRESSING, 'True', Reason.replicaSetUpdated, `${subject} is progressing.`, nowMs);
    // Progress moves lastUpdateTime even with the same reason; the transition time stays while True.
    const current = getCondition(d.status, PROGRESSING);
    if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
    removeCondition(next, PROGRESSING);
    return condition;
  }
  if (deploymentTimedOut(d, next, nowMs)) return newCondition(PROGRESSING, 'False', Reason.timedOut, `${subject} has timed out progressing.`, nowMs);
  return undefined;
}

/** The ReplicaFailure conditions of the new ReplicaSet, else of any of them, as the deployment's. */
function replicaFailure(allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined): DeploymentCondition | undefined {
  const failureOf = (rs: ReplicaSetObject | undefined) => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  const failure = failureOf(newRS) ?? allRSs.map(failureOf).find((c) => c !== undefined);
  if (!failure) return undefined;
  return { type: REPLICA_FAILURE, status: failure.status, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime, reason: failure.reason, message: failure.message };
}

export function rolloutStatus(d: DeploymentObject, allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, nowMs: number): DeploymentStatus {
  const next = calculateStatus(allRSs, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeCondition(next, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  // A finished rollout being resynced: no progress to estimate.
  const complete = next.replicas === next.updatedReplicas && current?.reason === Reason.newRSAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const condition = progressingCondition(d, next, newRS, nowMs);
    if (condition) setCondition(next, condition);
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(next, failure);
  else removeCondition(next, REPLICA_FAILURE);
  return next;
}

/** When to look again for a timeout: at the deadline of a rollout still under way; never when it is done or has timed out. */
export function stuckRequeueMs(d: DeploymentObject, next: DeploymentStatus, nowMs: number): number | undefined {
  const current = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, next) || current.reason === Reason.timedOut) return undefined;
  const after = progressDeadlineMs(d, d.status)! - nowMs;
  // A second more than the deadline, so the check does not come a moment too early.
  return after < REQUEUE_NOW_MS ? REQUEUE_NOW_MS : after + 1_000;
}

export async function syncRolloutStatus(deps: DeploymentDeps, allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<void> {
  const nowMs = deps.now();
  const next = rolloutStatus(d, allRSs, newRS, nowMs);
  if (canonicalJson(d.status) === canonicalJson(next)) {
    const after = stuckRequeueMs(d, next, nowMs);
    if (after !== undefined) deps.enqueueAfter(keyOf(d), after);
    return;
  }
  d.status = next;
  await updateDeploymentStatus(deps, d);
}

/** syncDeploymentStatus: the status as the ReplicaSets make it, with no progress estimated (scaling, paused, deleting). */
export async function syncDeploymentStatus(deps: DeploymentDeps, allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<void> {
  const next = calculateStatus(allRSs, newRS, d, deps.now());
  if (canonicalJson(d.status) === canonicalJson(next)) return;
  d.status = next;
  await updateDeploymentStatus(deps, d);
}
