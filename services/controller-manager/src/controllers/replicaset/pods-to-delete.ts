// The surplus pods a scale-down removes (getPodsToDelete): ranked by how many active pods of
// the same workload share their node - related pods are those of every ReplicaSet with the
// same controller (a Deployment's old and new ReplicaSets) - then by ActivePodsWithRanks.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { sortByDeletionRank } from '../../controller-utils/pod-deletion-rank.js';
import { isPodActive } from '../../controller-utils/pod-readiness.js';

export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], diff: number, nowMs: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const pod of relatedPods.filter(isPodActive)) {
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  return sortByDeletionRank(ranked, nowMs).slice(0, diff);
}
