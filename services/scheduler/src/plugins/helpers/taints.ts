// The taints that keep a pod off a node (v1helper's FindMatchingUntoleratedTaint); whether a
// toleration tolerates a taint is @kubeling/api's rule, re-exported for the plugins.
import { tolerationsTolerateTaint } from '@kubeling/api/tolerations';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

export { toleratesTaint, tolerationsTolerateTaint } from '@kubeling/api/tolerations';

/** The taints that keep pods off a node: NoSchedule and NoExecute (DoNotScheduleTaintsFilterFunc). */
export const isDoNotScheduleTaint = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/** The first taint, in the node's order, that the filter selects and no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (taint: Taint) => boolean): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
