import { Event_EventType, type Event, type KeyValue, type ResponseHeader } from '@kubeling/proto/etcd';
import type { Logger } from 'pino';
import type { Change } from '../mvcc/change.js';
import type { MvccStore } from '../mvcc/kv-store.js';
import { decodeRecord } from '../mvcc/record.js';
import { bytesToRev, mainOf, rev } from '../mvcc/revision.js';
import { inRange } from '../mvcc/tree-index.js';
import { WatcherGroup } from './watcher-group.js';
import { Watcher, type WatcherOptions } from './watcher.js';
import { watchResponse } from './watch-response.js';

/** How many revisions one catch-up round reads from disk (etcd's watchBatchMaxRevs). */
const MAX_REVS_PER_ROUND = 1000;
/** A catch-up response is cut at a revision boundary past this many bytes. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const SYNC_INTERVAL_MS = 100;

export interface WatchableOptions {
  header: (revision: number) => ResponseHeader;
  /** etcd's --experimental-watch-progress-notify-interval. */
  progressNotifyIntervalMs: number;
}

/**
 * Watchers over the store (etcd's watchableStore). Synced watchers get each revision's
 * events as it commits; unsynced ones (a past start revision, or a stream too slow to
 * keep up) catch up from the revision table on disk, then join the synced group. A
 * watcher whose next revision was compacted away is cancelled with compact_revision.
 */
export class WatchableStore {
  private readonly synced = new WatcherGroup();
  private readonly unsynced = new Set<Watcher>();
  private syncScheduled = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly store: MvccStore,
    private readonly options: WatchableOptions,
    private readonly log: Logger,
  ) {
    store.onCommit((_lastRev, changes) => this.notify(changes));
    this.timers.push(setInterval(() => this.syncUnsynced(), SYNC_INTERVAL_MS));
    this.timers.push(setInterval(() => this.progressTick(), options.progressNotifyIntervalMs));
    for (const t of this.timers) t.unref();
  }

  get watcherCount(): number {
    return this.synced.size + this.unsynced.size;
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Starts a watcher; `startRev` 0 means from the next revision. */
  watch(o: Omit<WatcherOptions, 'minRev'> & { startRev: number }): Watcher {
    const committed = this.store.committedRev;
    const isSynced = o.startRev === 0 || o.startRev > committed;
    const w = new Watcher({ ...o, minRev: isSynced ? Math.max(committed + 1, o.startRev) : o.startRev });
    if (isSynced) {
      w.synced = true;
      this.synced.add(w);
    } else {
      this.unsynced.add(w);
      this.kick();
    }
    return w;
  }

  cancel(w: Watcher): void {
    if (!this.synced.delete(w)) this.unsynced.delete(w);
  }

  /** Asks for a catch-up round soon (a watcher was added or a stream drained). */
  kick(): void {
    if (this.syncScheduled) return;
    this.syncScheduled = true;
    setImmediate(() => this.syncUnsynced());
  }

  private notify(changes: Change[]): void {
    if (this.synced.size === 0) return;
    let i = 0;
    while (i < changes.length) {
      const main = changes[i].main;
      const batch = new Map<Watcher, Event[]>();
      for (; i < changes.length && changes[i].main === main; i++) {
        const c = changes[i];
        this.synced.forKey(c.key, (w) => {
          if (main < w.minRev || (c.tombstone ? w.noDelete : w.noPut)) return;
          const ev: Event = { type: c.tombstone ? Event_EventType.DELETE : Event_EventType.PUT, kv: c.kv, prevKv: w.prevKv ? c.prev : undefined };
          const evs = batch.get(w);
          if (evs) evs.push(ev);
          else batch.set(w, [ev]);
        });
      }
      for (const [w, evs] of batch) this.deliver(w, main, evs);
    }
  }

  private deliver(w: Watcher, main: number, events: Event[]): void {
    if (w.sink.congested) {
      // The stream cannot take more now: the watcher catches up from disk once it drains.
      this.synced.delete(w);
      w.synced = false;
      w.minRev = main;
      this.unsynced.add(w);
      return;
    }
    w.sink.send(watchResponse(this.options.header(main), w.id, { events }));
    w.minRev = main + 1;
    w.quiet = false;
  }

  private syncUnsynced(): void {
    this.syncScheduled = false;
    if (this.unsynced.size === 0) return;
    const committed = this.store.committedRev;
    const ready: Watcher[] = [];
    for (const w of this.unsynced) {
      if (w.sink.congested) continue;
      if (w.minRev < this.store.compactRev) this.cancelCompacted(w, committed);
      else if (w.minRev > committed) this.markSynced(w);
      else ready.push(w);
    }
    if (ready.length === 0) return;
    const from = Math.min(...ready.map((w) => w.minRev));
    const to = Math.min(committed, from + MAX_REVS_PER_ROUND - 1);
    const events = this.readHistory(ready, from, to);
    for (const w of ready) {
      this.sendHistory(w, events.get(w) ?? [], committed);
      w.minRev = to + 1;
      if (w.minRev > committed) this.markSynced(w);
    }
    if (ready.some((w) => !w.synced)) this.kick();
  }

  private readHistory(watchers: Watcher[], from: number, to: number): Map<Watcher, Event[]> {
    const out = new Map<Watcher, Event[]>();
    for (const { key, value } of this.store.backend.records(rev(from), rev(to + 1))) {
      const r = bytesToRev(key);
      const main = mainOf(r);
      const { tombstone, kv } = decodeRecord(value);
      const k = kv.key.toString('latin1');
      for (const w of watchers) {
        if (main < w.minRev || !inRange(w.range, k) || (tombstone ? w.noDelete : w.noPut)) continue;
        const isCreate = !tombstone && kv.createRevision === kv.modRevision;
        const prevKv = w.prevKv && !isCreate ? this.store.previousKv(k, r) : undefined;
        const ev: Event = { type: tombstone ? Event_EventType.DELETE : Event_EventType.PUT, kv, prevKv };
        const evs = out.get(w);
        if (evs) evs.push(ev);
        else out.set(w, [ev]);
      }
    }
    return out;
  }

  /** Sends caught-up events, cut into responses at revision boundaries once large. */
  private sendHistory(w: Watcher, events: Event[], committed: number): void {
    let chunk: Event[] = [];
    let bytes = 0;
    let lastMod = -1n;
    for (const ev of events) {
      const kv = ev.kv as KeyValue;
      if (bytes > MAX_RESPONSE_BYTES && kv.modRevision !== lastMod) {
        w.sink.send(watchResponse(this.options.header(committed), w.id, { events: chunk }));
        chunk = [];
        bytes = 0;
      }
      chunk.push(ev);
      bytes += kv.key.length + kv.value.length + (ev.prevKv ? ev.prevKv.key.length + ev.prevKv.value.length : 0);
      lastMod = kv.modRevision;
    }
    if (chunk.length > 0) {
      w.sink.send(watchResponse(this.options.header(committed), w.id, { events: chunk }));
      w.quiet = false;
    }
  }

  private markSynced(w: Watcher): void {
    this.unsynced.delete(w);
    w.synced = true;
    this.synced.add(w);
    w.sink.caughtUp();
  }

  private cancelCompacted(w: Watcher, committed: number): void {
    this.unsynced.delete(w);
    const compactRevision = BigInt(this.store.compactRev);
    this.log.info({ watchId: w.id.toString(), minRev: w.minRev, compactRevision: this.store.compactRev }, 'watcher compacted; cancelling');
    // etcd leaves the header revision 0 here; the current one keeps header revisions monotonic.
    w.sink.send(watchResponse(this.options.header(committed), w.id, { canceled: true, compactRevision }));
    w.sink.forget(w);
  }

  private progressTick(): void {
    const committed = this.store.committedRev;
    for (const w of this.synced) {
      if (w.progressNotify && w.quiet && !w.sink.congested) w.sink.send(watchResponse(this.options.header(committed), w.id));
      w.quiet = true;
    }
  }
}
