import type { DuplexCall } from '@kubeling/grpc-server';
import type { WatchCreateRequest, WatchCreateRequest_FilterType, WatchRequest, WatchResponse } from '@kubeling/proto/etcd';
import type { Logger } from 'pino';
import { rangeOf } from '../kv/key-range.js';
import type { WatchableStore } from './watchable-store.js';
import type { Watcher, WatcherSink } from './watcher.js';
import { watchResponse } from './watch-response.js';
import type { ResponseHeader } from '@kubeling/proto/etcd';

/**
 * Past this many bytes buffered for the client a stream counts as congested (its watchers
 * fall back to disk). It is above the stream's high-water mark, so a 'drain' is sure to follow.
 */
const CONGESTED_BYTES = 256 * 1024;
const NOPUT = 0 as WatchCreateRequest_FilterType;
const NODELETE = 1 as WatchCreateRequest_FilterType;

/** One Watch RPC (etcd's serverWatchStream): its watchers, their IDs, and its ordered output. */
export class WatchStream implements WatcherSink {
  private readonly watchers = new Map<bigint, Watcher>();
  private nextId = 0n;
  private progressPending = false;
  private closed = false;
  congested = false;

  constructor(
    private readonly call: DuplexCall<WatchRequest, WatchResponse>,
    private readonly watchable: WatchableStore,
    private readonly header: () => ResponseHeader,
    private readonly log: Logger,
  ) {
    call.on('data', (req: WatchRequest) => {
      try {
        this.handle(req);
      } catch (err) {
        log.error({ err }, 'watch request failed');
      }
    });
    const close = () => this.close();
    call.on('end', () => {
      close();
      call.end();
    });
    call.on('close', close);
  }

  send(resp: WatchResponse): void {
    if (this.closed) return;
    this.call.write(resp);
    if (!this.congested && this.call.writableLength >= CONGESTED_BYTES) {
      this.congested = true;
      this.call.once('drain', () => {
        this.congested = false;
        this.watchable.kick();
      });
    }
  }

  forget(w: Watcher): void {
    this.watchers.delete(w.id);
    this.caughtUp();
  }

  caughtUp(): void {
    if (this.progressPending && this.allSynced()) {
      this.progressPending = false;
      this.send(watchResponse(this.header(), -1n));
    }
  }

  private handle(req: WatchRequest): void {
    if (req.createRequest) this.create(req.createRequest);
    else if (req.cancelRequest) this.cancel(req.cancelRequest.watchId);
    else if (req.progressRequest) this.progress();
  }

  private create(c: WatchCreateRequest): void {
    const range = rangeOf(c.key, c.rangeEnd);
    if (typeof range.end === 'string' && range.key >= range.end) {
      this.send(watchResponse(this.header(), -1n, { created: true, canceled: true, cancelReason: 'mvcc: watcher range is empty' }));
      return;
    }
    let id = c.watchId;
    if (id !== 0n) {
      if (this.watchers.has(id)) {
        this.send(watchResponse(this.header(), -1n, { created: true, canceled: true, cancelReason: 'mvcc: duplicate watch ID provided on the WatchStream' }));
        return;
      }
    } else {
      while (this.watchers.has(this.nextId)) this.nextId++;
      id = this.nextId++;
    }
    // The created response goes out before any event of the watcher.
    this.send(watchResponse(this.header(), id, { created: true }));
    const w = this.watchable.watch({
      id,
      range,
      startRev: Number(c.startRevision),
      prevKv: c.prevKv,
      noPut: c.filters.includes(NOPUT),
      noDelete: c.filters.includes(NODELETE),
      progressNotify: c.progressNotify,
      sink: this,
    });
    this.watchers.set(id, w);
  }

  private cancel(id: bigint): void {
    const w = this.watchers.get(id);
    if (!w) return;
    this.watchable.cancel(w);
    this.watchers.delete(id);
    this.send(watchResponse(this.header(), id, { canceled: true }));
    this.caughtUp();
  }

  /** Answered once every watcher of the stream has caught up, so the revision it carries is a promise kept. */
  private progress(): void {
    this.progressPending = true;
    this.caughtUp();
  }

  private allSynced(): boolean {
    for (const w of this.watchers.values()) if (!w.synced) return false;
    return true;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.watchers.values()) this.watchable.cancel(w);
    this.watchers.clear();
  }
}
