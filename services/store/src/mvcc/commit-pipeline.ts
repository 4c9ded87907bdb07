import type { Backend, BackendOp } from './backend.js';

interface Batch<E> {
  ops: BackendOp[];
  events: E[];
  lastRev: number;
  done: Promise<void>;
  resolve: () => void;
}

function newBatch<E>(lastRev: number): Batch<E> {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { ops: [], events: [], lastRev, done, resolve };
}

/**
 * Group commit: every write that arrives while a commit is on disk joins the next batch,
 * and a batch is one synced LMDB transaction. `onCommitted` sees each batch's events in
 * order, after they are durable and before any writer in the batch is answered.
 */
export class CommitPipeline<E> {
  private open: Batch<E>;
  private inFlight: Batch<E> | undefined;
  private scheduled = false;
  committedRev: number;

  constructor(
    private readonly backend: Backend,
    startRev: number,
    private readonly onCommitted: (lastRev: number, events: E[]) => void,
    private readonly onFatal: (error: unknown) => void,
  ) {
    this.committedRev = startRev;
    this.open = newBatch(startRev);
  }

  /** Queues writes (and the events they make visible at `rev`); resolves once they are durable. */
  enqueue(ops: BackendOp[], rev: number, events?: E[]): Promise<void> {
    const batch = this.open;
    for (const op of ops) batch.ops.push(op);
    if (events) for (const ev of events) batch.events.push(ev);
    if (rev > batch.lastRev) batch.lastRev = rev;
    this.kick();
    return batch.done;
  }

  /** Resolves once every revision up to `rev` is durable. */
  whenCommitted(rev: number): Promise<void> {
    if (rev <= this.committedRev) return Promise.resolve();
    if (this.inFlight && rev <= this.inFlight.lastRev) return this.inFlight.done;
    return this.open.done;
  }

  /** Resolves once everything queued so far is durable. */
  drain(): Promise<void> {
    if (this.open.ops.length > 0) return this.open.done;
    return this.inFlight?.done ?? Promise.resolve();
  }

  private kick(): void {
    if (this.scheduled || this.inFlight || this.open.ops.length === 0) return;
    this.scheduled = true;
    // setImmediate lets the requests already read from sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.open;
      this.inFlight = batch;
      this.open = newBatch(batch.lastRev);
      void this.flush(batch);
    });
  }

  private async flush(batch: Batch<E>): Promise<void> {
    try {
      await this.backend.commit(batch.ops);
    } catch (error) {
      // The in-memory index already holds these writes; continuing would serve state the
      // disk does not have. Fail stop, as etcd does on a backend error.
      this.onFatal(error);
      return;
    }
    this.committedRev = batch.lastRev;
    this.inFlight = undefined;
    this.onCommitted(batch.lastRev, batch.events);
    batch.resolve();
    this.kick();
  }
}
