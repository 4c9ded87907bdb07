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
 * Group commit: every write that arrives in one turn of the event loop joins one batch,
 * and a batch is one LMDB transaction and one log record. Batches are logged while
 * earlier ones are still being synced, but become durable, visible and answered strictly
 * in order: `onCommitted` sees each batch's events after they are on disk and before any
 * writer in the batch is answered.
 */
export class CommitPipeline<E> {
  private open: Batch<E>;
  /** Batches written and not yet durable, oldest first. */
  private readonly inFlight: Batch<E>[] = [];
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
    this.schedule();
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

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate lets the requests already read from sockets join this batch.
    setImmediate(() => {
      this.scheduled = false;
      const batch = this.open;
      this.open = newBatch(batch.lastRev);
      this.inFlight.push(batch);
      this.write(batch);
    });
  }

  private write(batch: Batch<E>): void {
    let durable: Promise<void>;
    try {
      durable = this.backend.commit(batch.ops);
    } catch (error) {
      this.fail(error);
      return;
    }
    const previous = this.tail;
    this.tail = durable.then(
      async () => {
        await previous;
        this.inFlight.shift();
        this.committedRev = batch.lastRev;
        this.onCommitted(batch.lastRev, batch.events);
        batch.resolve();
      },
      (error) => this.fail(error),
    );
  }

  private fail(error: unknown): void {
    // The in-memory index already holds these writes; continuing would serve state the
    // disk does not have. Fail stop, as etcd does on a backend error.
    this.onFatal(error);
  }
}
