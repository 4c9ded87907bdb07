import { DelayingQueue } from './delaying-queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

/**
 * The queue controllers use (client-go's RateLimitingInterface): a failed key goes back
 * with addRateLimited() after its backoff; a key that synced is forgotten.
 */
export class RateLimitingQueue<T = string> extends DelayingQueue<T> {
  constructor(private readonly rateLimiter: RateLimiter<T> = defaultControllerRateLimiter<T>()) {
    super();
  }

  /** Adds `item` once the rate limiter allows it. */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** Stops tracking `item`'s failures; call it when the item synced, whether or not it is queued again. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }
}
