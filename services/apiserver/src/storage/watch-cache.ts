import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { KubeObject } from './object.js';
import type { ObjectStore, StoreEvent } from './object-store.js';
import type { EtcdWatch } from '@kubeling/etcd-client';

/** How many recent events a cache keeps for watches that resume from a resourceVersion. */
const HISTORY = 10_000;

/** How often a watcher that asked for bookmarks hears how far the cache has got, if it has moved. */
export const BOOKMARK_INTERVAL_MS = 5_000;

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface CacheEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The object before this event (absent for ADDED). */
  prev?: KubeObject;
  revision: bigint;
}

export interface Watcher {
  /** Which objects this watcher sees; a change across the boundary is an ADDED or DELETED. */
  matches(obj: KubeObject): boolean;
  send(type: WatchEventType, object: KubeObject): void;
  /** Set when the watcher wants BOOKMARKs: every change up to `revision` has been seen. */
  bookmark?(revision: bigint): void;
  /** The cache can no longer serve this watcher (its store watch failed). */
  close(reason: string): void;
}

/**
 * One resource's watch cache (the apiserver's Cacher): it watches the store once, keeps
 * the current objects and a window of recent events, and fans every event out to the
 * API watchers, so a thousand watchers cost one store watch.
 */
export class WatchCache {
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: CacheEvent[] = [];
  /** Each watcher with the revision it has seen up to: it gets only later events. */
  private readonly watchers = new Set<{ watcher: Watcher; after: bigint; told: bigint }>();
  private readonly bookmarkTimer = setInterval(() => this.sendBookmarks(), BOOKMARK_INTERVAL_MS).unref();
  private revision = 0n;
  private storeWatch?: EtcdWatch;
  private ready: Promise<void>;
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.ready = this.start();
  }

  /**
   * Adds a watcher from `from`: 0 means "send every current object as ADDED first";
   * otherwise every change after it. A revision older than the window is 410 Gone. A
   * revision newer than the cache (a list read the store at a later revision) needs no
   * wait: the events up to it are skipped as they arrive.
   */
  async watch(from: bigint, watcher: Watcher): Promise<() => void> {
    await this.ready;
    let after = from;
    if (from === 0n) {
      for (const obj of this.objects.values()) if (watcher.matches(obj)) watcher.send('ADDED', obj);
      after = this.revision;
    } else {
      const oldest = this.history[0]?.revision ?? this.revision + 1n;
      if (from < oldest - 1n) throw errors.gone(`too old resource version: ${from} (${oldest - 1n})`);
      for (const ev of this.history) if (ev.revision > from) deliver(watcher, ev);
    }
    const entry = { watcher, after, told: after };
    this.watchers.add(entry);
    return () => this.watchers.delete(entry);
  }

  /** The current objects, in key order as the store lists them, and the revision they are at. */
  async snapshot(): Promise<{ items: KubeObject[]; revision: bigint }> {
    await this.ready;
    const keys = [...this.objects.keys()].sort();
    return { items: keys.map((k) => this.objects.get(k)!), revision: this.revision };
  }

  /** The cached object at `namespace/name` (`/name` when cluster-scoped), if the cache has it. */
  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.bookmarkTimer);
    this.storeWatch?.cancel();
    for (const w of this.watchers) w.watcher.close('apiserver is shutting down');
    this.watchers.clear();
  }

  private async start(): Promise<void> {
    const list = await this.store.list(this.prefix);
    this.objects.clear();
    for (const obj of list.items) this.objects.set(keyOf(obj), obj);
    this.revision = list.revision;
    this.storeWatch = this.store.watch(this.prefix, list.revision, (events) => this.apply(events), (compacted, error) => this.restart(compacted, error));
  }

  private apply(events: StoreEvent[]): void {
    for (const e of events) {
      const key = keyOf(e.object);
      const prev = this.objects.get(key);
      if (e.type === 'DELETED') this.objects.delete(key);
      else this.objects.set(key, e.object);
      const ev: CacheEvent = { type: e.type === 'DELETED' ? 'DELETED' : prev ? 'MODIFIED' : 'ADDED', object: e.object, prev, revision: e.revision };
      this.history.push(ev);
      if (this.history.length > HISTORY) this.history.shift();
      this.revision = e.revision;
      for (const w of this.watchers) {
        if (ev.revision <= w.after) continue;
        if (deliver(w.watcher, ev)) w.told = ev.revision;
        w.after = ev.revision;
      }
    }
  }

  /** Watchers with a selector may see nothing for long; a bookmark tells them how far they are. */
  private sendBookmarks(): void {
    for (const w of this.watchers) {
      if (!w.watcher.bookmark || w.told >= this.revision) continue;
      w.after = w.told = this.revision;
      w.watcher.bookmark(this.revision);
    }
  }

  /** The store watch ended: watchers cannot be told what they missed, so they are closed and the cache reloads. */
  private restart(compacted: bigint | undefined, error?: Error): void {
    if (this.stopped) return;
    this.log.warn({ prefix: this.prefix, compacted: compacted?.toString(), err: error }, 'store watch ended; reloading the watch cache');
    for (const w of this.watchers) w.watcher.close('watch cache reloading');
    this.watchers.clear();
    this.history.length = 0;
    this.ready = new Promise((resolve) => setTimeout(resolve, 500)).then(() => this.start());
    this.ready.catch((err) => this.restart(undefined, err as Error));
  }
}

/** Sends `ev` as this watcher sees it, given what it matched before and after; true if it sent anything. */
function deliver(w: Watcher, ev: CacheEvent): boolean {
  const before = ev.prev !== undefined && w.matches(ev.prev);
  const after = ev.type !== 'DELETED' && w.matches(ev.object);
  if (after) w.send(before ? 'MODIFIED' : 'ADDED', ev.object);
  else if (before) w.send('DELETED', ev.object);
  return after || before;
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
