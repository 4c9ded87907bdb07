import { rfc3339 } from '@kubeling/api/meta-time';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';

/**
 * The PodScheduled=False condition a pod that fits nowhere gets, or undefined when the pod
 * already says the same (podutil.UpdatePodCondition: times alone are no change), so that a
 * pod retried again and again is not rewritten each time.
 */
export function unschedulableCondition(pod: Pod, message: string, now: Date): PodCondition | undefined {
  const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (current?.status === 'False' && current.reason === 'Unschedulable' && current.message === message) return undefined;
  const transitioned = current?.status !== 'False';
  return {
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message,
    lastTransitionTime: transitioned || !current?.lastTransitionTime ? rfc3339(now) : current.lastTransitionTime,
  };
}
