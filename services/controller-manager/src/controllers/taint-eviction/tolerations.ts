// Which NoExecute taints a pod tolerates, and for how long (v1helper's ToleratesTaint and
// GetMatchingTolerations, tainteviction's getMinTolerationTime): a pod that does not
// tolerate every one of its node's NoExecute taints goes at once; one that tolerates them all
// goes when the first of its limited tolerations runs out, counted from when its taint was added.
import { toleratesTaint } from '@kubeling/api/tolerations';
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.js';

export const noExecuteTaints = (node: Node | undefined): Taint[] => (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

/**
 * When the pod must be deleted (ms since the epoch; at or before `nowMs` means now), or
 * undefined when it tolerates every taint forever. Each taint counts with the first toleration
 * that matches it; `addedAt` says since when a taint is there.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, nowMs: number, addedAt: (taint: Taint) => number): number | undefined {
  let earliest: number | undefined;
  for (const taint of taints) {
    const toleration = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!toleration) return nowMs;
    if (toleration.tolerationSeconds === undefined || toleration.tolerationSeconds === null) continue;
    const at = addedAt(taint) + Math.max(0, toleration.tolerationSeconds) * 1000;
    earliest = earliest === undefined ? at : Math.min(earliest, at);
  }
  return earliest;
}
