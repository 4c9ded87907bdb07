import type { WatchResponse } from '@kubeling/proto/etcd';
import type { KeyRange } from '../mvcc/tree-index.js';

/** Where a watcher's responses go: its gRPC stream. */
export interface WatcherSink {
  /** True while the stream's send buffer is too full to take more events. */
  readonly congested: boolean;
  send(resp: WatchResponse): void;
  /** The store cancelled this watcher (compacted); the stream forgets it. */
  forget(w: Watcher): void;
  /** A watcher of this stream caught up; pending progress requests may be answered. */
  caughtUp(): void;
}

export interface WatcherOptions {
  id: bigint;
  range: KeyRange;
  /** The next main revision to deliver. */
  minRev: number;
  prevKv: boolean;
  noPut: boolean;
  noDelete: boolean;
  progressNotify: boolean;
  sink: WatcherSink;
}

/** One watch (etcd's watcher): a key range and the next revision it is owed. */
export class Watcher {
  readonly id: bigint;
  readonly range: KeyRange;
  minRev: number;
  readonly prevKv: boolean;
  readonly noPut: boolean;
  readonly noDelete: boolean;
  readonly progressNotify: boolean;
  readonly sink: WatcherSink;
  synced = false;
  /** No events were sent since the last progress tick. */
  quiet = true;

  constructor(o: WatcherOptions) {
    this.id = o.id;
    this.range = o.range;
    this.minRev = o.minRev;
    this.prevKv = o.prevKv;
    this.noPut = o.noPut;
    this.noDelete = o.noDelete;
    this.progressNotify = o.progressNotify;
    this.sink = o.sink;
  }
}
