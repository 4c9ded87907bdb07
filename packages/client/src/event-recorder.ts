import { format } from 'node:util';
import { rfc3339 } from '@kubeling/api/meta-time';
import type { ApiClient, KubeObject } from './api-client.js';
import { isNotFound } from './api-error.js';
import { EventAggregator, SpamFilter } from './event-correlation.js';
import { LruCache } from './lru-cache.js';
import { consoleLogger, type Logger } from './logger.js';

export type EventType = 'Normal' | 'Warning';

/** Who reports (core/v1 EventSource): the component, e.g. `default-scheduler`, and optionally its host. */
export interface EventSource {
  component: string;
  host?: string;
}

/** core/v1 ObjectReference: the object an event is about. */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** A core/v1 Event as the recorder writes it. */
export interface Event extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: EventType;
  source: EventSource;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

/** The calls a recorder makes; an ApiClient is one. */
export type EventClient = Pick<ApiClient, 'create' | 'patch'>;

export interface EventRecorderOptions {
  source: EventSource;
  logger?: Logger;
  /** Events waiting to be written beyond which new ones are dropped (client-go's broadcaster queue: 1000). */
  maxQueued?: number;
}

/** Repeats of an event within this window raise its count instead of making a new one. */
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;
/** Distinct events remembered for counting repeats (client-go's LRU size). */
const CACHE_SIZE = 4096;

const EVENTS = { version: 'v1', resource: 'events' };

interface EventLog {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  lastSeen: number;
}

/**
 * Writes core/v1 Events about objects (client-go's record.EventRecorder). Recording never
 * throws and never waits: events are written in order in the background, a failure is
 * logged and the event dropped. A repeat of an event (same object, reason, message, type
 * and source) within 10 minutes patches the existing Event's count and lastTimestamp; past
 * ten similar messages they are combined, and a source may write 25 events about one object
 * at once, then one per five minutes (client-go's EventCorrelator).
 */
export class EventRecorder {
  private readonly source: EventSource;
  private readonly logger: Logger;
  private readonly maxQueued: number;
  /** Event key → the Event that key was last written as. */
  private readonly cache = new LruCache<EventLog>(CACHE_SIZE);
  private queued = 0;
  /** Writes run in a few lanes at once; one event's create and later patches share a lane, so they stay in order. */
  private readonly lanes: Array<Promise<void>> = Array.from({ length: LANES }, () => Promise.resolve());
  private dropped = 0;
  private lastDropLog = 0;
  private lastNanos = 0n;
  private readonly aggregator = new EventAggregator();
  private readonly spamFilter = new SpamFilter();

  constructor(
    private readonly client: EventClient,
    options: EventRecorderOptions,
  ) {
    this.source = options.source;
    this.logger = options.logger ?? consoleLogger;
    this.maxQueued = options.maxQueued ?? 1000;
  }

  event(object: KubeObject, type: EventType, reason: string, message: string): void {
    try {
      this.record(object, type, reason, message);
    } catch (err) {
      this.logger.warn({ err, reason, message }, 'could not record event; dropped');
    }
  }

  eventf(object: KubeObject, type: EventType, reason: string, messageFormat: string, ...args: unknown[]): void {
    this.event(object, type, reason, format(messageFormat, ...args));
  }

  /** Resolves once every event recorded so far has been written or dropped. */
  flush(): Promise<void> {
    return Promise.all(this.lanes).then(() => undefined);
  }

  private record(object: KubeObject, type: EventType, reason: string, message: string): void {
    if (this.queued >= this.maxQueued) {
      this.drop();
      return;
    }
    const involvedObject = referenceTo(object);
    if (!involvedObject.name) throw new Error('the object has no metadata.name');
    const now = Date.now();
    const timestamp = rfc3339(new Date(now));
    const { kind, namespace, name, uid, apiVersion, fieldPath } = involvedObject;
    const about = [this.source.component, this.source.host ?? '', kind, namespace, name, uid, apiVersion, type];
    const aggregated = this.aggregator.aggregate(JSON.stringify([...about, reason]), message, now);
    // The combined event is one Event whose count rises, whatever the message of the moment.
    const key = JSON.stringify([...about, fieldPath, reason, aggregated.combined ? '' : aggregated.message]);
    const seen = this.cache.get(key);
    const repeat = seen !== undefined && now - seen.lastSeen <= AGGREGATION_WINDOW_MS;
    const log: EventLog = repeat
      ? { ...seen, count: seen.count + 1, lastSeen: now }
      : { name: `${involvedObject.name}.${this.nanosHex(now)}`, namespace: involvedObject.namespace || 'default', count: 1, firstTimestamp: timestamp, lastSeen: now };
    if (!this.spamFilter.allow(JSON.stringify(about), now)) return;
    this.cache.set(key, log);
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: log.name, namespace: log.namespace },
      involvedObject,
      reason,
      message: aggregated.message,
      type,
      source: this.source,
      firstTimestamp: log.firstTimestamp,
      lastTimestamp: timestamp,
      count: log.count,
    };
    this.enqueue(key, () => (repeat ? this.patch(event) : this.create(event)));
  }

  private enqueue(key: string, write: () => Promise<void>): void {
    this.queued++;
    const lane = laneOf(key);
    this.lanes[lane] = this.lanes[lane]!.then(write)
      .catch((err: unknown) => this.logger.warn({ err }, 'could not write event; dropped'))
      .finally(() => this.queued--);
  }

  /** Under a flood of events, one log line per 10 s says how many were dropped, not one per event. */
  private drop(): void {
    this.dropped++;
    const now = Date.now();
    if (now - this.lastDropLog < DROP_LOG_INTERVAL_MS) return;
    this.logger.warn({ dropped: this.dropped }, 'event queue is full; events dropped');
    this.dropped = 0;
    this.lastDropLog = now;
  }

  private async create(event: Event): Promise<void> {
    await this.client.create({ ...EVENTS, namespace: event.metadata!.namespace }, event);
  }

  /** Raises the count of the Event written before; if it has gone (expired, deleted), writes it anew. */
  private async patch(event: Event): Promise<void> {
    const ref = { ...EVENTS, namespace: event.metadata!.namespace, name: event.metadata!.name };
    try {
      await this.client.patch(ref, 'strategic', { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.create(event);
    }
  }

  /** Nanoseconds since the epoch in hex, as client-go names events; strictly increasing, so two events never share a name. */
  private nanosHex(nowMs: number): string {
    const sub = process.hrtime.bigint() % 1_000_000n;
    const nanos = BigInt(nowMs) * 1_000_000n + sub;
    this.lastNanos = nanos > this.lastNanos ? nanos : this.lastNanos + 1n;
    return this.lastNanos.toString(16);
  }
}

const LANES = 8;
const DROP_LOG_INTERVAL_MS = 10_000;

/** FNV-1a of the aggregation key, to pick its lane. */
function laneOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % LANES;
}

/** The reference an event carries to its object (reference.GetReference). */
export function referenceTo(object: KubeObject): ObjectReference {
  const m = object.metadata ?? {};
  return { kind: object.kind, namespace: m.namespace, name: m.name, uid: m.uid, apiVersion: object.apiVersion, resourceVersion: m.resourceVersion };
}
