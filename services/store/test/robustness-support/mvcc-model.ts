import { Event_EventType, type Event, type KeyValue } from '@kubeling/proto/etcd';
import { eventText, kvText } from './event-text.js';

const sameKv = (a: KeyValue | undefined, b: KeyValue | undefined) =>
  a === undefined || b === undefined ? a === b : a.key.equals(b.key) && a.value.equals(b.value) && a.createRevision === b.createRevision && a.modRevision === b.modRevision && a.version === b.version && a.lease === b.lease;

/**
 * Replays a history (events with prev_kv, in order, from a store that held none of the keys
 * before) through etcd's MVCC rules and lists every event that breaks them: a PUT's
 * version is the previous one plus one (1 after a delete or on creation) and keeps
 * create_revision; a DELETE's kv carries only the key and mod_revision; prev_kv is the key's
 * previous kv; mod_revisions never decrease and within one revision a key changes once.
 */
export function mvccViolations(history: readonly Event[]): string[] {
  const live = new Map<string, KeyValue>();
  const changedAt = new Map<string, bigint>();
  const problems: string[] = [];
  let lastRevision = 0n;
  for (const event of history) {
    const kv = event.kv!;
    const key = kv.key.toString();
    const revision = kv.modRevision;
    const previous = live.get(key);
    const complain = (why: string) => problems.push(`${why}: ${eventText(event)}`);
    if (revision < lastRevision) complain(`revision goes back from ${lastRevision}`);
    if (changedAt.get(key) === revision) complain('key changed twice in one revision');
    if (!sameKv(event.prevKv, previous)) complain(`prev_kv is not the previous kv [${previous ? kvText(previous) : 'none'}]`);
    if (event.type === Event_EventType.PUT) {
      if (kv.version !== (previous ? previous.version + 1n : 1n)) complain('version does not follow');
      if (kv.createRevision !== (previous ? previous.createRevision : revision)) complain('create_revision does not follow');
      live.set(key, kv);
    } else {
      if (!previous) complain('delete of a key that does not exist');
      if (kv.version !== 0n || kv.createRevision !== 0n || kv.value.length !== 0 || kv.lease !== 0n) complain('delete event kv carries more than key and mod_revision');
      live.delete(key);
    }
    changedAt.set(key, revision);
    lastRevision = revision;
  }
  return problems;
}
