import type { Pod } from 'kubernetes-types/core/v1.js';
import type { QueuedPodInfo } from './queued-pod-info.js';

/** spec.priority, which the Priority admission plugin fills from the PriorityClass; 0 without one. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** The default QueueSort, PrioritySort: higher priority first, then the longest waiting. */
export function prioritySortLess(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const priorityA = podPriority(a.pod);
  const priorityB = podPriority(b.pod);
  return priorityA > priorityB || (priorityA === priorityB && a.timestamp < b.timestamp);
}
