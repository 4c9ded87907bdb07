/** The shortest gap between two ticks: below it timers cost more than the spreading gains. */
const MIN_SLOT_MS = 50;

/**
 * Runs a task for each of `count` items once per interval, spread evenly over it rather
 * than all at once: 5,000 nodes heartbeating every 10 s are 25 calls every 50 ms, not
 * 5,000 calls on the tenth second. An item whose last run has not finished is skipped for
 * the round, so a slow apiserver sees fewer calls instead of a growing queue.
 */
export class SpreadTicker {
  private readonly slots: number;
  private readonly running = new Map<number, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private slot = 0;

  constructor(
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly task: (index: number) => Promise<void>,
    private readonly onError: (index: number, err: unknown) => void,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`an interval must be positive, not ${intervalMs} ms`);
    this.slots = Math.max(1, Math.min(count, Math.floor(intervalMs / MIN_SLOT_MS)));
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.intervalMs / this.slots);
  }

  /** Stops ticking and waits for the runs in flight, so nothing is written after it resolves. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.running.values());
  }

  private tick(): void {
    for (let index = this.slot; index < this.count; index += this.slots) this.runOnce(index);
    this.slot = (this.slot + 1) % this.slots;
  }

  private runOnce(index: number): void {
    if (this.running.has(index)) return;
    const run = this.task(index)
      .catch((err: unknown) => this.onError(index, err))
      .finally(() => this.running.delete(index));
    this.running.set(index, run);
  }
}
