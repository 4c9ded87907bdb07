import { createHash } from 'node:crypto';
import { Event_EventType, type Event, type KeyValue } from '@kubeling/proto/etcd';

const digest = (value: Buffer) => createHash('sha1').update(value).digest('hex').slice(0, 10);

export function kvText(kv: KeyValue): string {
  return `${kv.key.toString()} c${kv.createRevision} m${kv.modRevision} v${kv.version} l${kv.lease} ${kv.value.length}B#${digest(kv.value)}`;
}

/** One line that identifies an event completely (type, key value with all revisions, prev_kv), for exact comparison and readable diffs. */
export function eventText(event: Event): string {
  const type = event.type === Event_EventType.PUT ? 'PUT' : event.type === Event_EventType.DELETE ? 'DELETE' : `type${event.type}`;
  return `${type} ${event.kv ? kvText(event.kv) : '(no kv)'}${event.prevKv ? ` prev[${kvText(event.prevKv)}]` : ''}`;
}

/**
 * Where two event sequences first differ, as a sentence; undefined when they are equal.
 * etcd leaves prev_kv out when the revision before an event was compacted by the time it sends
 * the event; an event at or below `prevKvMayLackThrough` may therefore come without it.
 */
export function firstDifference(expected: readonly Event[], actual: readonly Event[], prevKvMayLackThrough = 0n): string | undefined {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    const got = actual[i] && eventText(actual[i]);
    const excused = actual[i] && !actual[i].prevKv && actual[i].kv!.modRevision <= prevKvMayLackThrough;
    const want = expected[i] && eventText(excused ? { ...expected[i], prevKv: undefined } : expected[i]);
    if (want !== got) return `event #${i} of ${expected.length} expected: ${want ?? '(none)'}; got (of ${actual.length}): ${got ?? '(none)'}`;
  }
  return undefined;
}
