// How many replicas the new ReplicaSet should have now (deployment/util NewRSNewReplicas):
// Recreate wants them all at once; RollingUpdate grows it as far as maxSurge allows, never past
// the deployment's replicas.
import { maxSurge } from './fenceposts.js';
import { podsAtMost } from './replica-sets.js';
import { specReplicas, type DeploymentObject, type ReplicaSetObject } from './types.js';

export class UnsupportedStrategyError extends Error {
  override readonly name = 'UnsupportedStrategyError';
}

export function newRSNewReplicas(d: DeploymentObject, allRSs: ReadonlyArray<ReplicaSetObject | undefined>, newRS: ReplicaSetObject): number {
  const type = d.spec?.strategy?.type ?? 'RollingUpdate';
  const replicas = specReplicas(d);
  if (type === 'Recreate') return replicas;
  if (type !== 'RollingUpdate') throw new UnsupportedStrategyError(`deployment type ${type} isn't supported`);
  const maxTotalPods = replicas + maxSurge(d);
  const currentPodCount = podsAtMost(allRSs);
  if (currentPodCount >= maxTotalPods) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotalPods - currentPodCount, replicas - specReplicas(newRS));
}
