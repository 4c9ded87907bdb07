import type { Pod } from 'kubernetes-types/core/v1.js';

/** A pod in the scheduling queue and what the queue knows of its attempts (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  pod: Pod;
  /** When the pod was queued or last failed (ms): orders the activeQ and starts its backoff. */
  timestamp: number;
  /** How many times it was popped; its backoff doubles with each. */
  attempts: number;
  /** When it was first popped (ms): the start of its end-to-end scheduling latency. */
  initialAttemptTimestamp?: number;
  /**
   * The plugins that rejected it in its last attempt: only events they registered can move it out
   * of unschedulablePods. Empty when no plugin did (an error), and then any event moves it.
   */
  unschedulablePlugins: Set<string>;
}
