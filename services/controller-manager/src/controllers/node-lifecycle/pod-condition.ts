// podutil.UpdatePodCondition: a pod's status with one condition set, its transition time
// moved only when its status changes; undefined when that changes nothing.
import { rfc3339 } from '@kubeling/api/meta-time';
import type { PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';

export function withPodCondition(status: PodStatus | undefined, condition: Omit<PodCondition, 'lastTransitionTime'>, now: Date): PodStatus | undefined {
  const conditions = status?.conditions ?? [];
  const old = conditions.find((c) => c.type === condition.type);
  const lastTransitionTime = old && old.status === condition.status ? old.lastTransitionTime : rfc3339(now);
  const updated: PodCondition = { ...condition, lastTransitionTime };
  if (!old) return { ...status, conditions: [...conditions, updated] };
  const same = (['status', 'reason', 'message', 'lastProbeTime', 'lastTransitionTime'] as const).every((field) => (old[field] ?? '') === (updated[field] ?? ''));
  if (same) return undefined;
  return { ...status, conditions: conditions.map((c) => (c === old ? updated : c)) };
}
