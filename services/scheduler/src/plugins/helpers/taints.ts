// Taints and tolerations (v1helper's ToleratesTaint, TolerationsTolerateTaint and
// FindMatchingUntoleratedTaint): whether a pod's tolerations let it onto a tainted node.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect, an empty key every key (the
 * API allows that only with Exists); operator Exists ignores the value, Equal (or none) compares it.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint));
}

/** The taints that keep pods off a node: NoSchedule and NoExecute (DoNotScheduleTaintsFilterFunc). */
export const isDoNotScheduleTaint = (taint: Taint): boolean => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/** The first taint, in the node's order, that the filter selects and no toleration tolerates. */
export function findUntoleratedTaint(taints: readonly Taint[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (taint: Taint) => boolean): Taint | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
