// results_manager.go: the latest result of one probe type per container id, with an update
// for each change, so the kubelet hears of a container turning unready or unhealthy once.
import type { Result } from './prober.js';

export interface ResultUpdate {
  containerId: string;
  result: Result;
  podUid: string;
}

export class ResultsManager {
  private readonly cache = new Map<string, Result>();

  constructor(private readonly onUpdate: (update: ResultUpdate) => void) {}

  get(containerId: string): Result | undefined {
    return this.cache.get(containerId);
  }

  /** Records the result; an update is sent only when it differs from the one recorded. */
  set(containerId: string, result: Result, podUid: string): void {
    if (this.cache.get(containerId) === result) return;
    this.cache.set(containerId, result);
    this.onUpdate({ containerId, result, podUid });
  }

  remove(containerId: string): void {
    this.cache.delete(containerId);
  }
}
