// One worker per pod (pod_workers.go): a pod's syncs run one at a time and in order, and of the
// updates that arrive while one runs only the latest matters, so they fold into one more sync.
import type { Logger } from 'pino';

export class PodWorkers {
  private readonly running = new Map<string, Promise<void>>();
  /** Pods with an update their worker has not yet synced. */
  private readonly dirty = new Set<string>();
  private stopped = false;

  constructor(
    private readonly sync: (uid: string) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** Asks for a sync of the pod: now if its worker is idle, else right after the running one. */
  update(uid: string): void {
    if (this.stopped) return;
    this.dirty.add(uid);
    if (!this.running.has(uid)) this.running.set(uid, this.work(uid));
  }

  /** Lets the syncs in flight finish; no new ones start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.dirty.clear();
    await Promise.all(this.running.values());
  }

  private async work(uid: string): Promise<void> {
    while (this.dirty.delete(uid)) {
      try {
        await this.sync(uid);
      } catch (err) {
        // A failed sync is retried by the next update or resync; it never ends the worker's process.
        this.log.warn({ err, podUID: uid }, 'syncing pod failed');
      }
    }
    this.running.delete(uid);
  }
}
