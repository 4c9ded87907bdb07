// Subscribers to one kind of probe news; a throwing subscriber is logged and does not stop the others.
import type { Logger } from 'pino';

export class Listeners<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  constructor(
    private readonly what: string,
    private readonly log: Logger,
  ) {}

  /** Returns the function that unsubscribes. */
  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(...args: Args): void {
    for (const listener of this.listeners) {
      try {
        listener(...args);
      } catch (err) {
        this.log.error({ err, listener: this.what }, 'probe listener failed');
      }
    }
  }
}
