import type { Event, WatchClient } from '@kubeling/proto/etcd';
import { waitFor, watchCreateRequest, wholeKeyspace } from '@kubeling/testing';
import { WatchStream } from './watch-stream.js';

/**
 * The authoritative event history of the whole keyspace, read back from the server in pieces
 * before compactions destroy it.
 *
 * Why this is exact: every revision is made by a write that changed at least one key (etcd
 * never spends a revision on nothing), so every revision up to the current one has events,
 * and a watch delivers events in revision order. A fresh whole-keyspace watch from the first
 * revision not yet captured, read until it delivers an event of revision `stop` or later,
 * has therefore delivered every event below `stop`. Capturing through C before compacting to
 * C loses nothing (the next capture starts above C), and a final capture below a sentinel
 * write made after all others completes the history. The history is a replay from the
 * server's disk, while the watchers under test were mostly fed live, so comparing them is not
 * the server against itself on one path; and the test checks the history against the
 * acknowledged writes and etcd's MVCC rules as well.
 */
export class History {
  readonly events: Event[] = [];

  /** `captured`: the revision the history starts after (the revision before the test's first write). */
  constructor(
    private readonly client: WatchClient,
    private captured: bigint,
  ) {}

  /** Adds every event with a revision above those captured so far and below `stop`, a revision that has happened. */
  async captureBelow(stop: bigint): Promise<void> {
    if (stop <= this.captured + 1n) return;
    const stream = new WatchStream(this.client);
    try {
      const watch = await stream.create(watchCreateRequest({ ...wholeKeyspace, startRevision: this.captured + 1n, prevKv: true }));
      const events = () => watch.responses.flatMap((r) => r.events);
      await waitFor(
        () => {
          if (watch.responses.some((r) => r.canceled)) throw new Error(`history watch from ${this.captured + 1n} was canceled`);
          return events().some((e) => e.kv!.modRevision >= stop);
        },
        { timeoutMs: 60_000, what: `history below revision ${stop}` },
      );
      this.events.push(...events().filter((e) => e.kv!.modRevision < stop));
      this.captured = stop - 1n;
    } finally {
      stream.close();
    }
  }

  /** The events at each revision, in the order the server gave them. */
  byRevision(): Map<bigint, Event[]> {
    const map = new Map<bigint, Event[]>();
    for (const event of this.events) {
      const revision = event.kv!.modRevision;
      map.set(revision, [...(map.get(revision) ?? []), event]);
    }
    return map;
  }
}
