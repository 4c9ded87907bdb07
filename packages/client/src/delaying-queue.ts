import { WorkQueue } from './work-queue.js';

/** A work queue whose keys may be added after a delay (client-go's DelayingInterface). */
export class DelayingQueue<T = string> extends WorkQueue<T> {
  /** Keys waiting to be added, each with its earliest due time. */
  private readonly waiting = new Map<T, { readyAt: number; timer: NodeJS.Timeout }>();

  /** Adds `item` once `delayMs` has passed; a key already waiting keeps the earlier of the two times. */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown()) return;
    if (delayMs <= 0) return this.add(item);
    const readyAt = Date.now() + delayMs;
    const existing = this.waiting.get(item);
    if (existing && existing.readyAt <= readyAt) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.waiting.delete(item);
      this.add(item);
    }, delayMs);
    this.waiting.set(item, { readyAt, timer });
  }

  override shutDown(): void {
    for (const { timer } of this.waiting.values()) clearTimeout(timer);
    this.waiting.clear();
    super.shutDown();
  }
}
