import type { Event } from '@kubeling/proto/etcd';
import { firstDifference } from './event-text.js';
import { asDeliveredTo } from './watch-selection.js';
import type { WatchRecord } from './watch-stream.js';

/** How one watch ended: it saw its whole range, or the server canceled it for compaction. */
export type WatchOutcome = { kind: 'complete' } | { kind: 'compacted'; compactRevision: bigint };

/** The events a watch created by `record.request` must deliver, from `startRevision` on. */
export function expectedEvents(record: WatchRecord, startRevision: bigint, history: readonly Event[]): Event[] {
  return history.filter((e) => e.kv!.modRevision >= startRevision).flatMap((e) => asDeliveredTo(record.request, e) ?? []);
}

/**
 * Judges everything one watch received against the authoritative history.
 *
 * `startRevision` is the first revision the watch covers; `history` holds every event from
 * before it through the end, in order. The watch must have received exactly the history's
 * events in its range (filters applied, prev_kv only if asked), in order, each once, no gap;
 * or, if the server canceled it with compact_revision C, exactly a prefix of those events,
 * all below C, with nothing after the cancel. Its first response is `created` with no
 * events; each later response's header revision is at least the previous one's and at least
 * its own events' (etcd sends the compaction cancel with header revision 0, so that one is
 * exempt). prev_kv may be missing from events at or below `lastCompaction`, as etcd leaves it
 * out once the previous revision is compacted. Returns the problems found and the outcome.
 */
export function judgeWatch(
  record: WatchRecord,
  startRevision: bigint,
  history: readonly Event[],
  lastCompaction: bigint,
): { problems: string[]; outcome: WatchOutcome } {
  const problems: string[] = [];
  const [created, ...rest] = record.responses;
  if (!created.created || created.events.length > 0 || created.canceled) problems.push('first response is not a plain created response');
  const cancelAt = rest.findIndex((r) => r.canceled);
  const cancel = cancelAt >= 0 ? rest[cancelAt] : undefined;
  if (cancel && cancelAt !== rest.length - 1) problems.push(`${rest.length - 1 - cancelAt} responses after the cancel`);
  if (cancel && cancel.compactRevision === 0n) problems.push(`canceled without compact_revision (reason ${JSON.stringify(cancel.cancelReason)})`);
  let header = created.header?.revision ?? 0n;
  for (const response of rest) {
    if (response === cancel) continue;
    const revision = response.header?.revision ?? 0n;
    const highest = response.events.reduce((max, e) => (e.kv!.modRevision > max ? e.kv!.modRevision : max), 0n);
    if (revision < header) problems.push(`header revision went back from ${header} to ${revision}`);
    if (revision < highest) problems.push(`header revision ${revision} below its event revision ${highest}`);
    header = revision > header ? revision : header;
  }
  const delivered = rest.flatMap((r) => r.events);
  const expected = expectedEvents(record, startRevision, history);
  if (!cancel) {
    const difference = firstDifference(expected, delivered, lastCompaction);
    if (difference) problems.push(difference);
    return { problems, outcome: { kind: 'complete' } };
  }
  const late = delivered.find((e) => e.kv!.modRevision >= cancel.compactRevision);
  if (late) problems.push(`delivered revision ${late.kv!.modRevision} yet canceled for compaction at ${cancel.compactRevision}`);
  const difference = firstDifference(expected.slice(0, delivered.length), delivered, lastCompaction);
  if (difference) problems.push(`before its compaction cancel: ${difference}`);
  return { problems, outcome: { kind: 'compacted', compactRevision: cancel.compactRevision } };
}
