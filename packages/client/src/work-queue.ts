/**
 * client-go's workqueue.Type: a FIFO of keys with three sets so that a key is never
 * processed by two workers at once and no change that arrives during processing is lost.
 *
 * - `queue`: keys to hand out, in order; every one is also dirty.
 * - `dirty`: keys that need processing; adding a dirty key again does nothing (de-duplication).
 * - `processing`: keys a worker holds between get() and done(); such a key, added again, waits
 *   in dirty and is queued by done().
 */
export class WorkQueue<T = string> {
  private readonly queue: T[] = [];
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  /** Workers blocked in get(). */
  private readonly waiters: Array<(item: T | undefined) => void> = [];
  /** shutDownWithDrain() callers waiting for the workers to finish. */
  private readonly drainWaiters: Array<() => void> = [];
  private shutdown = false;

  add(item: T): void {
    if (this.shutdown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.wakeWaiters();
  }

  len(): number {
    return this.queue.length;
  }

  /**
   * The next key, which the caller then owns until done(key); waits while the queue is empty.
   * After shutDown() the queued keys are still handed out, then `undefined` tells the worker to quit.
   */
  get(): Promise<T | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shutdown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The worker has finished with `item`; if it was added meanwhile it is queued again. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.wakeWaiters();
    }
    this.checkDrained();
  }

  /** New adds are ignored from now on; workers waiting in get() get `undefined`. */
  shutDown(): void {
    this.shutdown = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    this.checkDrained();
  }

  /** shutDown(), then wait until the workers have processed every queued key and called done(). */
  shutDownWithDrain(): Promise<void> {
    const drained = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.shutDown();
    return drained;
  }

  shuttingDown(): boolean {
    return this.shutdown;
  }

  private take(): T {
    const item = this.queue.shift()!;
    this.processing.add(item);
    this.dirty.delete(item);
    return item;
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) this.waiters.shift()!(this.take());
  }

  private checkDrained(): void {
    if (!this.shutdown || this.queue.length > 0 || this.processing.size > 0) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
