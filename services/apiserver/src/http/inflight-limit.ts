import { ApiError } from '../errors.js';

/**
 * kube-apiserver's max-in-flight filter: at most `max` requests of a kind are served at
 * once; the next gets 429 TooManyRequests with Retry-After, which clients retry.
 * Long-running requests (watches) are not counted.
 */
export class InflightLimit {
  private inflight = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot (throws 429 when none is free); call the returned function when done. */
  acquire(): () => void {
    if (this.max > 0 && this.inflight >= this.max) {
      throw new ApiError(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
    }
    this.inflight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inflight--;
    };
  }
}
