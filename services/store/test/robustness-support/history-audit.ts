import { Event_EventType, type Event } from '@kubeling/proto/etcd';
import { eventText } from './event-text.js';
import type { Change, WriteLog } from './write-load.js';

const changeText = (c: Change) =>
  `${c.type === Event_EventType.PUT ? 'PUT' : 'DELETE'} ${c.key}${c.value ? ` ${c.value.length}B` : ''}${c.lease ? ` l${c.lease}` : ''}`;

function matches(event: Event, change: Change): boolean {
  const kv = event.kv!;
  return (
    event.type === change.type &&
    kv.key.toString() === change.key &&
    (change.value === undefined || kv.value.equals(change.value)) &&
    (change.lease === undefined || kv.lease === change.lease)
  );
}

function sameChanges(events: readonly Event[], changes: readonly Change[]): boolean {
  return events.length === changes.length && events.every((e, i) => matches(e, changes[i]));
}

/**
 * Checks a captured history (revisions first..last) against what the writers were told:
 * every revision has events; each acknowledged write's revision holds exactly its changes, in
 * its order (txn ops in op order, range deletes in key order); each revoke deleted its keys,
 * in key order, alone in one revision no later than its response's; and no revision is left
 * that no acknowledged write explains. Returns the problems found.
 */
export function historyAuditProblems(byRevision: Map<bigint, Event[]>, log: WriteLog, first: bigint, last: bigint): string[] {
  const problems: string[] = [];
  const explained = new Set<bigint>();
  const describe = (revision: bigint) => (byRevision.get(revision) ?? []).map(eventText).join(' | ') || '(no events)';
  for (const write of log.writes) {
    if (write.revision < first || write.revision > last) continue;
    if (!sameChanges(byRevision.get(write.revision) ?? [], write.changes)) {
      problems.push(`revision ${write.revision}: acknowledged ${write.changes.map(changeText).join(' | ')}; history has ${describe(write.revision)}`);
    }
    explained.add(write.revision);
  }
  const deletesAt = new Map<string, bigint[]>();
  for (const [revision, events] of byRevision) {
    for (const e of events) if (e.type === Event_EventType.DELETE) deletesAt.set(e.kv!.key.toString(), [...(deletesAt.get(e.kv!.key.toString()) ?? []), revision]);
  }
  for (const revoke of log.revokes) {
    const revision = deletesAt.get(revoke.keys[0])?.[0];
    if (revision === undefined) {
      problems.push(`revoke of ${revoke.keys.join(',')}: its keys were never deleted`);
      continue;
    }
    const changes = [...revoke.keys].sort().map((key) => ({ type: Event_EventType.DELETE, key }));
    if (!sameChanges(byRevision.get(revision) ?? [], changes)) problems.push(`revoke of ${revoke.keys.join(',')}: history has at ${revision} ${describe(revision)}`);
    if (revision > revoke.responseRevision) problems.push(`revoke of ${revoke.keys.join(',')} at ${revision}, after its response's revision ${revoke.responseRevision}`);
    explained.add(revision);
  }
  for (let revision = first; revision <= last; revision++) {
    if (!byRevision.has(revision)) problems.push(`revision ${revision} has no events`);
    else if (!explained.has(revision)) problems.push(`revision ${revision} is no acknowledged write: ${describe(revision)}`);
  }
  for (const revision of byRevision.keys()) if (revision < first || revision > last) problems.push(`revision ${revision} outside [${first}, ${last}]`);
  return problems;
}
