import type { Logger } from 'pino';
import { errors } from '../errors.js';
import type { KubeObject } from './object.js';
import type { ObjectStore, StoreEvent } from './object-store.js';
import type { EtcdWatch } from '@kubeling/etcd-client';

/** How many recent events a cache keeps for watches that resume from a resourceVersion. */
const HISTORY = 10_000;

/**
 * How many store revisions before its initial list a cache reads back into its history at
 * start, so that watchers resuming after an apiserver restart need not all relist.
 */
const REPLAY_REVISIONS = 5_000n;

/** How long a start waits for the store to confirm the replay before serving without it. */
const REPLAY_WAIT_MS = 5_000;

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
  /** The history holds every change after this revision. */
  private historyFrom = 0n;
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
      if (from < this.historyFrom) throw errors.gone(`too old resource version: ${from} (${this.historyFrom})`);
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

  /**
   * Lists the state at revision R, then watches the store from a while before R: events up
   * to R only fill the history (the list has them), later ones change the state. Ready once
   * the store confirms the replay is complete; if it has compacted that far back, the
   * replay starts at its compaction point instead.
   */
  private async start(): Promise<void> {
    const list = await this.store.list(this.prefix);
    this.objects.clear();
    for (const obj of list.items) this.objects.set(keyOf(obj), obj);
    this.revision = list.revision;
    await this.replayFrom(list.revision > REPLAY_REVISIONS ? list.revision - REPLAY_REVISIONS : 0n, list.revision);
  }

  private replayFrom(from: bigint, listed: bigint): Promise<void> {
    this.history.length = 0;
    this.historyFrom = from;
    return new Promise<void>((resolve) => {
      let replayed = false;
      const done = () => {
        if (replayed) return;
        replayed = true;
        clearTimeout(timer);
        // Unconfirmed: serve, but only promise what the list itself covers.
        if (this.historyFrom < listed && !confirmed) this.historyFrom = listed;
        resolve();
      };
      let confirmed = false;
      const timer = setTimeout(done, REPLAY_WAIT_MS);
      this.storeWatch = this.store.watch(
        this.prefix,
        from,
        (events) => this.apply(events),
        (compacted, error) => {
          if (!replayed && compacted !== undefined && compacted > from) {
            clearTimeout(timer);
            replayed = true;
            void this.replayFrom(compacted - 1n, listed).then(resolve);
            return;
          }
          this.restart(compacted, error);
        },
        (revision) => {
          if (revision < listed) return this.storeWatch?.requestProgress();
          confirmed = true;
          done();
        },
      );
      this.storeWatch.requestProgress();
    });
  }

  private apply(events: StoreEvent[]): void {
    for (const e of events) {
      // Events up to the listed revision are history only: the state already has them.
      const replayed = e.revision <= this.revision;
      const key = keyOf(e.object);
      if (e.valueUnknown) {
        // A deletion without the deleted object: watchers from before it could not be told
        // what went, so history starts at it (they get 410 and relist); a live one is told
        // with the cache's last copy, and one the cache never had concerns nobody.
        const last = this.objects.get(key);
        if (replayed) {
          this.history.length = 0;
          this.historyFrom = e.revision;
          continue;
        }
        if (!last) {
          this.revision = e.revision;
          continue;
        }
        e.object = { ...last, metadata: { ...last.metadata, resourceVersion: e.revision.toString() } };
      }
      const prev = e.prev ?? (replayed ? undefined : this.objects.get(key));
      if (!replayed) {
        if (e.type === 'DELETED') this.objects.delete(key);
        else this.objects.set(key, e.object);
        this.revision = e.revision;
      }
      const ev: CacheEvent = { type: e.type === 'DELETED' ? 'DELETED' : prev ? 'MODIFIED' : 'ADDED', object: e.object, prev, revision: e.revision };
      this.history.push(ev);
      if (this.history.length > HISTORY) this.historyFrom = this.history.shift()!.revision;
      if (replayed) continue;
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
