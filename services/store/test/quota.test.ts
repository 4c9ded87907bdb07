// Quota: a store started with a small --quota-backend-bytes refuses writes with etcd's NOSPACE
// error once full, still serves reads and deletes, raises the NOSPACE alarm, and stays up.
// The first test runs the same steps against a real etcd with the same quota and compares.
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { AlarmRequest_AlarmAction, AlarmType } from '@kubeling/proto/etcd';
import {
  alarmRequest,
  deleteRangeRequest,
  etcdCalls,
  etcdClients,
  etcdErrors,
  grpcStatusOf,
  prefixEnd,
  putRequest,
  rangeRequest,
  startEtcd,
  type EtcdCalls,
  type EtcdServer,
} from '@kubeling/testing';
import { comparable } from './robustness-support/comparable.js';
import { disposeServer, startTarget } from './robustness-support/target.js';

const QUOTA_BYTES = 4 * 1024 * 1024;
const VALUE = Buffer.alloc(64 * 1024, 'q');
/** A store that has taken this many 64 KiB puts (4x the quota) without refusing one does not enforce it. */
const MAX_PUTS = (4 * QUOTA_BYTES) / VALUE.length;
const PREFIX = '/quota/';
const NO_SPACE = etcdErrors.noSpace;
const flags = [`--quota-backend-bytes=${QUOTA_BYTES}`];

const keyOf = (n: number) => `${PREFIX}${String(n).padStart(5, '0')}`;

/** The grpc status a put gets, or 'ok'. */
function putOutcome(calls: EtcdCalls, key: string, value: Buffer): Promise<'ok' | { code: number; details: string }> {
  return calls.put(putRequest({ key, value })).then(
    () => 'ok' as const,
    (error: unknown) => grpcStatusOf(error),
  );
}

/** Puts 64 KiB values to new keys until one is refused; returns how many were taken and the refusal. */
async function fill(calls: EtcdCalls): Promise<{ taken: number; refusal: 'ok' | { code: number; details: string } }> {
  for (let n = 0; n < MAX_PUTS; n++) {
    const outcome = await putOutcome(calls, keyOf(n), VALUE);
    if (outcome !== 'ok') return { taken: n, refusal: outcome };
  }
  return { taken: MAX_PUTS, refusal: 'ok' };
}

/** Alarms with the member id replaced by 'self' when it is the answering member's (ids differ between servers). */
async function alarms(calls: EtcdCalls) {
  const memberId = (await calls.status()).header!.memberId;
  const response = comparable(await calls.alarm(alarmRequest(AlarmRequest_AlarmAction.GET)));
  return { ...response, alarms: response.alarms.map((a) => ({ member: a.memberID === memberId ? 'self' : String(a.memberID), alarm: a.alarm })) };
}

/** Disarms every alarm the server lists, as `etcdctl alarm disarm` does. */
async function disarm(calls: EtcdCalls): Promise<void> {
  const listed = await calls.alarm(alarmRequest(AlarmRequest_AlarmAction.GET));
  for (const a of listed.alarms) await calls.alarm(alarmRequest(AlarmRequest_AlarmAction.DEACTIVATE, a.alarm, a.memberID));
}

/** Fills the server, then records what a client sees: the refusal, reads, alarms, status errors, deletes, compaction. */
async function fullStoreBehaviour(server: EtcdServer) {
  const clients = etcdClients(server.endpoint);
  try {
    const calls = etcdCalls(clients);
    const { taken, refusal } = await fill(calls);
    const smallPut = await putOutcome(calls, '/small', Buffer.from('x'));
    const first = (await calls.range(rangeRequest({ key: keyOf(0) }))).kvs[0];
    const count = (await calls.range(rangeRequest({ key: PREFIX, rangeEnd: prefixEnd(PREFIX), countOnly: true }))).count;
    const alarmsWhenFull = await alarms(calls);
    const status = await calls.status();
    const statusErrors = status.errors.map((e) => e.replace(String(status.header!.memberId), 'self'));
    const deleted = await calls.deleteRange(deleteRangeRequest({ key: PREFIX, rangeEnd: prefixEnd(PREFIX) }));
    await calls.compact({ revision: deleted.header!.revision, physical: true });
    const putWhileArmed = await putOutcome(calls, '/small', Buffer.from('x'));
    return {
      taken,
      refusal,
      smallPut,
      read: { value: first?.value.equals(VALUE) ?? false, version: first?.version, count: Number(count) },
      alarmsWhenFull,
      statusErrors,
      deleted: Number(deleted.deleted),
      putWhileArmed,
      running: server.process.running,
    };
  } finally {
    clients.close();
  }
}

test('a full store refuses writes with NOSPACE, serves reads and deletes, raises the alarm and stays up, as etcd does', async (t) => {
  const [store, etcd] = await Promise.all([startTarget({ flags }), startEtcd({ flags })]);
  t.teardown(() => Promise.all([disposeServer(store), disposeServer(etcd)]));
  const [mine, reference] = await Promise.all([fullStoreBehaviour(store), fullStoreBehaviour(etcd)]);
  t.log(`${store.kind} took ${mine.taken} puts of 64 KiB before refusing; etcd took ${reference.taken}`);

  // etcd's behaviour, stated: these hold for the reference run, and the store must match it.
  t.deepEqual(reference.refusal, NO_SPACE);
  t.deepEqual(reference.alarmsWhenFull.alarms, [{ member: 'self', alarm: AlarmType.NOSPACE }]);
  t.deepEqual(reference.putWhileArmed, NO_SPACE, 'etcd: still refused after delete and compaction while the alarm is armed');

  t.true(mine.taken > 0 && mine.taken < MAX_PUTS, `the store refused a put after ${mine.taken} puts of 64 KiB (quota ${QUOTA_BYTES} bytes)`);
  t.deepEqual(mine.refusal, NO_SPACE, 'the refusal is RESOURCE_EXHAUSTED "etcdserver: mvcc: database space exceeded"');
  t.deepEqual(mine.smallPut, NO_SPACE, 'a small put is refused too');
  t.deepEqual(mine.read, { value: true, version: 1n, count: mine.taken }, 'reads still work');
  t.deepEqual(mine.alarmsWhenFull, reference.alarmsWhenFull, 'Alarm GET lists NOSPACE for this member, as etcd');
  t.deepEqual(mine.statusErrors, reference.statusErrors, 'Status errors name the alarm, as etcd');
  t.is(mine.deleted, mine.taken, 'deletes still work');
  t.deepEqual(mine.putWhileArmed, NO_SPACE, 'puts stay refused while the alarm is armed, as etcd');
  t.true(mine.running, 'the process is alive');
});

test('after deleting, compacting and disarming the alarm, the store takes puts again (LMDB reuses the freed pages; etcd 3.4 needs a defrag too)', async (t) => {
  const store = await startTarget({ flags });
  t.teardown(() => disposeServer(store));
  const clients = etcdClients(store.endpoint);
  t.teardown(() => clients.close());
  const calls = etcdCalls(clients);
  const { taken } = await fill(calls);
  const deleted = await calls.deleteRange(deleteRangeRequest({ key: PREFIX, rangeEnd: prefixEnd(PREFIX) }));
  await calls.compact({ revision: deleted.header!.revision, physical: true });
  await disarm(calls);
  t.deepEqual((await alarms(calls)).alarms, [], 'no alarm after disarming');
  t.is(await putOutcome(calls, '/small', Buffer.from('x')), 'ok', 'a small put works again');
  for (let n = 0; n < taken / 2; n++) t.is(await putOutcome(calls, keyOf(n), VALUE), 'ok', `64 KiB put ${n} of ${taken / 2} works again`);
  t.deepEqual((await alarms(calls)).alarms, [], 'the refill to half the earlier amount raised no alarm');
});

test('etcd 3.4 for reference: after deleting, compacting and disarming, puts are refused until a defrag shrinks its file', async (t) => {
  const etcd = await startEtcd({ flags });
  t.teardown(() => disposeServer(etcd));
  const clients = etcdClients(etcd.endpoint);
  t.teardown(() => clients.close());
  const calls = etcdCalls(clients);
  await fill(calls);
  const deleted = await calls.deleteRange(deleteRangeRequest({ key: PREFIX, rangeEnd: prefixEnd(PREFIX) }));
  await calls.compact({ revision: deleted.header!.revision, physical: true });
  await disarm(calls);
  // The same size that was refused: a tiny put may still fit in what the file had left.
  t.deepEqual(await putOutcome(calls, '/again', VALUE), NO_SPACE, 'etcd counts its whole file against the quota: still full');
  execFileSync('etcdctl', ['--endpoints', etcd.endpoint, 'defrag'], { env: { ...process.env, ETCDCTL_API: '3' } });
  await disarm(calls);
  t.is(await putOutcome(calls, '/small', Buffer.from('x')), 'ok', 'after defrag and disarm, etcd takes puts again');
});
