// A zone's queue of nodes waiting for their NoExecute taint (nodelifecycle's
// RateLimitedTimedQueue over a UniqueQueue): first in, first out, each node at most once
// until it is removed, and taken off at most at the zone's eviction rate - a token bucket of
// burst 1, so that a zone losing many nodes at once does not have all their pods evicted at once.

/** flowcontrol's token bucket: `qps` tokens a second, at most `burst` saved up; qps 0 never gives one. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly qps: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = qps > 0 ? burst : 0;
    this.last = nowMs;
  }

  tryAccept(nowMs: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.last) * this.qps) / 1000);
    this.last = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** EvictionRateLimiterBurst */
const BURST = 1;

interface Queued {
  name: string;
  processAtMs: number;
}

/** The outcome of trying one node: done, or to be tried again after a while. */
export type TaintAttempt = { done: true } | { done: false; retryAfterMs: number };

export class ZoneTainter {
  private limiter: TokenBucket;
  /** Every node added and not removed, whether still queued or already handled. */
  private readonly members = new Set<string>();
  private queue: Queued[] = [];

  constructor(qps: number, private readonly now: () => number = Date.now) {
    this.limiter = new TokenBucket(qps, BURST, now());
  }

  /** Queues the node unless it is queued or was handled since it was last removed; true if it was added. */
  add(name: string): boolean {
    if (this.members.has(name)) return false;
    this.members.add(name);
    this.queue.push({ name, processAtMs: this.now() });
    return true;
  }

  /** Forgets the node, so that a later add() queues it again; true if it was known. */
  remove(name: string): boolean {
    if (!this.members.delete(name)) return false;
    this.queue = this.queue.filter((q) => q.name !== name);
    return true;
  }

  /** SwapLimiter: a new rate; if the old bucket was empty, the new one starts empty too. */
  setRate(qps: number): void {
    if (qps === this.limiter.qps) return;
    const next = new TokenBucket(qps, BURST, this.now());
    if (qps > 0 && !this.limiter.tryAccept(this.now())) next.tryAccept(this.now());
    this.limiter = next;
  }

  /** Handles the due nodes in order, each taking a token, until the tokens or the due nodes run out. */
  async tryEach(fn: (name: string) => Promise<TaintAttempt>): Promise<void> {
    for (;;) {
      const head = this.head();
      if (!head || !this.limiter.tryAccept(this.now())) return;
      const now = this.now();
      if (now < head.processAtMs) return;
      const attempt = await fn(head.name);
      if (attempt.done) this.queue = this.queue.filter((q) => q !== head);
      else head.processAtMs = now + attempt.retryAfterMs + 1;
    }
  }

  private head(): Queued | undefined {
    return this.queue.reduce<Queued | undefined>((first, q) => (!first || q.processAtMs < first.processAtMs ? q : first), undefined);
  }
}
