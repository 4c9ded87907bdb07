// client-go's workqueue rate limiters (default_rate_limiters.go): how long an item waits
// before it is handed out again. Delays are in milliseconds.

export interface RateLimiter<T = string> {
  /** How long `item` must wait now; calling it counts as one more requeue. */
  when(item: T): number;
  /** Forgets `item`'s failures (after it synced): its next delay starts from the base again. */
  forget(item: T): void;
  numRequeues(item: T): number;
}

/** base * 2^failures per item, capped at max (ItemExponentialFailureRateLimiter). */
export class ItemExponentialFailureRateLimiter<T = string> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();

  constructor(
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  when(item: T): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    // 2^1024 is Infinity, so a long-failing item stays at the cap.
    return Math.min(this.baseDelayMs * 2 ** exp, this.maxDelayMs);
  }

  forget(item: T): void {
    this.failures.delete(item);
  }

  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * One token bucket for all items (BucketRateLimiter over golang.org/x/time/rate): `qps` tokens
 * a second up to `burst`; each when() reserves a token, waiting for it when the bucket is empty.
 */
export class BucketRateLimiter<T = string> implements RateLimiter<T> {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  when(_item: T): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }

  forget(_item: T): void {}

  numRequeues(_item: T): number {
    return 0;
  }
}

/** The longest delay any of its limiters asks for (MaxOfRateLimiter). */
export class MaxOfRateLimiter<T = string> implements RateLimiter<T> {
  private readonly limiters: RateLimiter<T>[];

  constructor(...limiters: RateLimiter<T>[]) {
    this.limiters = limiters;
  }

  when(item: T): number {
    // Every limiter counts the requeue, so none is skipped.
    return Math.max(...this.limiters.map((l) => l.when(item)));
  }

  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: T): number {
    return Math.max(...this.limiters.map((l) => l.numRequeues(item)));
  }
}

/** Per-item backoff 5 ms → 1000 s, and 10 qps with a burst of 100 overall (DefaultControllerRateLimiter). */
export function defaultControllerRateLimiter<T = string>(): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(new ItemExponentialFailureRateLimiter<T>(5, 1000 * 1000), new BucketRateLimiter<T>(10, 100));
}
