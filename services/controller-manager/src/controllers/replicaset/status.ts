// A ReplicaSet's status from the pods it controls (calculateStatus and
// updateReplicaSetStatus): counts of replicas, fully labeled, ready and available pods, the
// generation acted on, and the ReplicaFailure condition while creating or deleting fails.
import { labelSelectorFromSet } from '@kubeling/api/selectors/label-selector';
import { rfc3339 } from '@kubeling/api/meta-time';
import type { ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { isPodAvailable, isPodReady } from '../../controller-utils/pod-readiness.js';
import type { ReplicatedObject } from './replica-set-kind.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

export function desiredReplicas(rs: ReplicatedObject): number {
  return rs.spec?.replicas ?? 1;
}

/** The status `pods` (the active pods it controls) give, after `manageError` (the failed create or delete, if any). */
export function calculateStatus(rs: ReplicatedObject, pods: readonly Pod[], manageError: Error | undefined, nowMs: number): ReplicaSetStatus {
  const templateLabels = labelSelectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  const ready = pods.filter(isPodReady);
  const status: ReplicaSetStatus = {
    ...(rs.status as ReplicaSetStatus | undefined),
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((pod) => templateLabels.matches(pod.metadata?.labels)).length,
    readyReplicas: ready.length,
    availableReplicas: ready.filter((pod) => isPodAvailable(pod, minReadySeconds, nowMs)).length,
    conditions: failureConditions(rs, pods.length, manageError, nowMs),
  };
  if (status.conditions?.length === 0) delete status.conditions;
  return status;
}

/** Sets ReplicaFailure when a write failed and none is set; removes it once writes succeed. */
function failureConditions(rs: ReplicatedObject, active: number, manageError: Error | undefined, nowMs: number): ReplicaSetCondition[] {
  const conditions = (rs.status?.conditions ?? []) as ReplicaSetCondition[];
  const failing = conditions.some((c) => c.type === REPLICA_FAILURE);
  if (manageError && !failing) {
    const diff = active - desiredReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    return [...conditions, { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: rfc3339(new Date(nowMs)), reason, message: manageError.message }];
  }
  if (!manageError && failing) return conditions.filter((c) => c.type !== REPLICA_FAILURE);
  return conditions;
}

/** True when writing `status` would change nothing: same counts and conditions, and this generation already observed. */
export function statusUpToDate(rs: ReplicatedObject, status: ReplicaSetStatus): boolean {
  const current = rs.status ?? { replicas: 0 };
  return (
    (current.replicas ?? 0) === status.replicas &&
    (current.fullyLabeledReplicas ?? 0) === (status.fullyLabeledReplicas ?? 0) &&
    (current.readyReplicas ?? 0) === (status.readyReplicas ?? 0) &&
    (current.availableReplicas ?? 0) === (status.availableReplicas ?? 0) &&
    (rs.metadata?.generation ?? 0) === (current.observedGeneration ?? 0) &&
    JSON.stringify(current.conditions ?? []) === JSON.stringify(status.conditions ?? [])
  );
}
