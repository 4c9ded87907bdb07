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
 * Group commit: every write that arrives while a transaction is being written joins the
 * next batch, and a batch is one LMDB transaction. A batch may be written while the one
 * before it is still being synced, but batches become durable, visible and answered
 * strictly in order: `onCommitted` sees each batch's events after they are on disk and
 * before any writer in the batch is answered.
 */
export class CommitPipeline<E> {
  private open: Batch<E>;
  /** Batches handed to LMDB and not yet durable, oldest first. */
  private readonly inFlight: Batch<E>[] = [];
  private writing = false;
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
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
    for (const batch of this.inFlight) if (rev <= batch.lastRev) return batch.done;
    return this.open.done;
  }

  /** Resolves once everything queued so far is durable. */
  drain(): Promise<void> {
    if (this.open.ops.length > 0) return this.open.done;
    return this.inFlight[this.inFlight.length - 1]?.done ?? Promise.resolve();
  }

  private kick(): void {
    if (this.scheduled || this.writing || this.open.ops.length === 0) return;
    this.scheduled = true;
    // setImmediate lets the requests already read from sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.open;
      this.open = newBatch(batch.lastRev);
      this.inFlight.push(batch);
      this.writing = true;
      void this.write(batch);
    });
  }

  private async write(batch: Batch<E>): Promise<void> {
    let durable: Promise<unknown>;
    try {
      const commit = this.backend.commit(batch.ops);
      durable = commit.durable;
      await commit.written;
    } catch (error) {
      this.fail(error);
      return;
    }
    this.writing = false;
    this.kick();
    const previous = this.tail;
    this.tail = (async () => {
      try {
        await durable;
      } catch (error) {
        this.fail(error);
        return;
      }
      await previous;
      this.inFlight.shift();
      this.committedRev = batch.lastRev;
      this.onCommitted(batch.lastRev, batch.events);
      batch.resolve();
    })();
  }

  private fail(error: unknown): void {
    // The in-memory index already holds these writes; continuing would serve state the
    // disk does not have. Fail stop, as etcd does on a backend error.
    this.onFatal(error);
  }
}
