// The parts of client-go's EventCorrelator that keep a busy controller from flooding the
// apiserver with Events: similar events (same object and reason, other messages) are folded
// into one "(combined from similar events)" event after ten, and each source+object may write
// 25 events at once, then one per five minutes (EventSourceObjectSpamFilter).
import { LruCache } from './lru-cache.js';

/** Distinct messages per object and reason before they are combined (defaultAggregateMaxEvents). */
const AGGREGATE_MAX_EVENTS = 10;
/** How long similar events are remembered for combining (defaultAggregateIntervalInSeconds). */
const AGGREGATE_INTERVAL_MS = 600_000;
/** The spam filter's token bucket: burst and refill (defaultSpamBurst, defaultSpamQPS = 1/300). */
const SPAM_BURST = 25;
const SPAM_REFILL_MS = 300_000;
/** Keys remembered by each (client-go's LRU size). */
const CACHE_SIZE = 4096;

export const COMBINED_PREFIX = '(combined from similar events): ';

export class EventAggregator {
  private readonly records = new LruCache<{ messages: Set<string>; lastMs: number }>(CACHE_SIZE);

  /**
   * The message to write and whether it is the combined event: the first ten distinct
   * messages within the interval go as they are, later ones as the combined event.
   */
  aggregate(similarKey: string, message: string, nowMs: number): { message: string; combined: boolean } {
    let record = this.records.get(similarKey);
    if (!record || nowMs - record.lastMs > AGGREGATE_INTERVAL_MS) record = { messages: new Set(), lastMs: nowMs };
    record.lastMs = nowMs;
    this.records.set(similarKey, record);
    if (record.messages.has(message) || record.messages.size < AGGREGATE_MAX_EVENTS) {
      record.messages.add(message);
      return { message, combined: false };
    }
    return { message: COMBINED_PREFIX + message, combined: true };
  }
}

export class SpamFilter {
  private readonly buckets = new LruCache<{ tokens: number; lastMs: number }>(CACHE_SIZE);

  /** Whether an event of this source and object may be written now (takes a token). */
  allow(spamKey: string, nowMs: number): boolean {
    const bucket = this.buckets.get(spamKey) ?? { tokens: SPAM_BURST, lastMs: nowMs };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + (nowMs - bucket.lastMs) / SPAM_REFILL_MS);
    bucket.lastMs = nowMs;
    this.buckets.set(spamKey, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
