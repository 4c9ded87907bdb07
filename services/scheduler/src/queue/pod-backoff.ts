import type { QueuedPodInfo } from './queued-pod-info.js';

/**
 * How long a failed pod waits before it is retried: the initial backoff, doubled with each
 * attempt after the first, capped, so a pod that keeps failing does not take every cycle.
 */
export class PodBackoff {
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {}

  /** calculateBackoffDuration. */
  duration(attempts: number): number {
    let duration = this.initialMs;
    for (let attempt = 1; attempt < attempts && duration < this.maxMs; attempt++) duration *= 2;
    return Math.min(duration, this.maxMs);
  }

  /** getBackoffTime: when the backoff ends, counted from the pod's last failure. */
  expiry(podInfo: QueuedPodInfo): number {
    return podInfo.timestamp + this.duration(podInfo.attempts);
  }
}
