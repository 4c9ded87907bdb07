// Taints and tolerations (v1helper's ToleratesTaint and TolerationsTolerateTaint): whether a
// toleration lets a pod stay on, or go onto, a tainted node. The scheduler and the taint
// eviction controller judge by the same rule.
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
