import type { Event, WatchClient, WatchResponse } from '@kubeling/proto/etcd';
import { waitFor, watchCreateRequest, wholeKeyspace } from '@kubeling/testing';
import { comparable } from '../robustness-support/comparable.js';
import { WatchStream, type WatchRecord } from '../robustness-support/watch-stream.js';

/** A watch on the whole keyspace and the first revision whose events it must deliver. */
interface KeyspaceWatch {
  record: WatchRecord;
  firstRevision: bigint;
}

/**
 * The whole-keyspace watches (with prev_kv) a differential run keeps on one server, on one
 * stream: they must deliver every change, so "caught up to revision R" is well defined.
 */
export class KeyspaceWatches {
  private readonly stream: WatchStream;
  private readonly live: KeyspaceWatch[] = [];

  constructor(
    readonly name: string,
    client: WatchClient,
  ) {
    this.stream = new WatchStream(client);
  }

  /** Opens a watch from `startRevision` (0: from now); its created response, comparable. */
  async open(startRevision: bigint): Promise<unknown> {
    const record = await this.stream.create(watchCreateRequest({ ...wholeKeyspace, prevKv: true, startRevision }));
    const created = record.responses[0];
    this.live.push({ record, firstRevision: startRevision > 0n ? startRevision : created.header!.revision + 1n });
    return comparable(created);
  }

  /** Opens a watch from a compacted revision; resolves with every response once it was canceled, comparable. */
  async openCompacted(startRevision: bigint): Promise<unknown[]> {
    const record = await this.stream.create(watchCreateRequest({ ...wholeKeyspace, prevKv: true, startRevision }));
    await waitFor(() => record.responses.some((r) => r.canceled), { timeoutMs: 10_000, what: `${this.name}: cancel of a watch from compacted revision ${startRevision}` });
    return record.responses.map((r) => comparable(r));
  }

  /** Resolves once every live watch has delivered the events up to `revision` (the last change). */
  async caughtUp(revision: bigint): Promise<void> {
    const done = (w: KeyspaceWatch) => revision < w.firstRevision || (events(w.record).at(-1)?.kv?.modRevision ?? 0n) >= revision;
    await waitFor(
      () => {
        if (this.stream.error) throw this.stream.error;
        return this.live.every(done);
      },
      { timeoutMs: 15_000, what: `${this.name}: watches delivering every event up to revision ${revision}` },
    );
  }

  /** Per live watch: its events in order, and its responses other than events (created, canceled). */
  outcome(): Array<{ events: Event[]; control: unknown[] }> {
    return this.live.map(({ record }) => ({ events: events(record), control: record.responses.filter(isControl).map((r) => comparable(r)) }));
  }

  /** Responses for no known watch, or progress responses nobody asked for. */
  strays(): WatchResponse[] {
    return this.stream.strays;
  }

  close(): void {
    this.stream.close();
  }
}

const events = (record: WatchRecord): Event[] => record.responses.flatMap((r) => r.events);
const isControl = (r: WatchResponse) => r.events.length === 0;
