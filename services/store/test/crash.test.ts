// Crash test: concurrent writers (puts and compare-and-swap txns) and a compaction, kill -9
// the store mid-stream, restart it, several times. Every acknowledged write must survive with
// the revision its acknowledgement reported (the exact rule, with writes in flight at the
// kill, is WriteLedger's), historical reads at acknowledged revisions must return the
// acknowledged values (unless compacted), and revisions must stay monotonic (and contiguous)
// across restarts.
import test from 'ava';
import type { KeyValue } from '@kubeling/proto/etcd';
import {
  etcdCalls,
  etcdClients,
  etcdErrors,
  grpcStatusOf,
  modRevisionIs,
  prefixEnd,
  putRequest,
  rangeRequest,
  requestOp,
  txnRequest,
  type EtcdCalls,
  type EtcdClients,
  type EtcdServer,
} from '@kubeling/testing';
import { forEachLimited } from './robustness-support/pool.js';
import { disposeServer, startTarget } from './robustness-support/target.js';
import { sleep } from './robustness-support/timing.js';
import { WriteLedger, type WriteAttempt } from './robustness-support/write-ledger.js';

const CYCLES = 5;
const WRITERS = 16;
const CHANNELS = 4;
const OWN_KEYS_PER_WRITER = 4;
const SHARED_KEYS = 4;
/** Share of writes that are compare-and-swap on a contended key; the rest are puts to the writer's own keys. */
const CAS_SHARE = 0.3;
const PREFIX = '/crash/';
const PADDING = '.'.repeat(100);

const ownKey = (writer: number, k: number) => `${PREFIX}own/${writer}/${k}`;
const sharedKey = (s: number) => `${PREFIX}shared/${s}`;
const randomInt = (n: number) => Math.floor(Math.random() * n);

/** Everything one crash cycle shares: the ledger, the highest revision any response showed, and the kill switch. */
interface Cycle {
  readonly number: number;
  readonly ledger: WriteLedger;
  readonly seen: { max: bigint };
  killed: boolean;
  /** Calls that failed before the kill: there must be none. */
  readonly earlyErrors: string[];
}

function observe<T extends { header?: { revision: bigint } }>(cycle: Cycle, response: T): T {
  const revision = response.header?.revision ?? 0n;
  if (revision > cycle.seen.max) cycle.seen.max = revision;
  return response;
}

/** One writer: puts to its own keys and compare-and-swaps on shared keys until a call fails (the kill). */
async function writer(cycle: Cycle, calls: EtcdCalls, id: number): Promise<void> {
  const failed = (error: unknown) => {
    if (!cycle.killed) cycle.earlyErrors.push(`writer ${id}: ${(error as Error).message}`);
  };
  for (let seq = 0; ; seq++) {
    const value = `c${cycle.number}.w${id}.n${seq}.${PADDING}`;
    if (Math.random() >= CAS_SHARE) {
      const attempt = cycle.ledger.begin(ownKey(id, randomInt(OWN_KEYS_PER_WRITER)), value);
      try {
        const response = observe(cycle, await calls.put(putRequest({ key: attempt.key, value })));
        cycle.ledger.ack(attempt, response.header!.revision);
      } catch (error) {
        cycle.ledger.unknown(attempt);
        return failed(error);
      }
      continue;
    }
    const key = sharedKey(randomInt(SHARED_KEYS));
    let current: KeyValue;
    try {
      current = observe(cycle, await calls.range(rangeRequest({ key }))).kvs[0];
    } catch (error) {
      return failed(error);
    }
    const attempt = cycle.ledger.begin(key, value);
    try {
      const cas = txnRequest({ compare: [modRevisionIs(key, current.modRevision)], success: [requestOp.put({ key, value })] });
      const response = observe(cycle, await calls.txn(cas));
      if (response.succeeded) cycle.ledger.ack(attempt, response.header!.revision);
      else cycle.ledger.discard(attempt);
    } catch (error) {
      cycle.ledger.unknown(attempt);
      return failed(error);
    }
  }
}

/** A compaction issued at a random moment of a cycle, to a revision its writers reached, so that the kill may land in it. */
interface CycleCompaction {
  revision: bigint;
  outcome: 'pending' | 'acked' | 'unknown';
}

async function compactor(cycle: Cycle, calls: EtcdCalls, afterMs: number, floor: bigint): Promise<CycleCompaction | undefined> {
  await sleep(afterMs);
  const revision = cycle.seen.max - 10n;
  if (cycle.killed || revision <= floor) return undefined;
  const compaction: CycleCompaction = { revision, outcome: 'pending' };
  try {
    observe(cycle, await calls.compact({ revision, physical: cycle.number % 2 === 0 }));
    compaction.outcome = 'acked';
  } catch (error) {
    compaction.outcome = 'unknown';
    if (!cycle.killed) cycle.earlyErrors.push(`compaction: ${(error as Error).message}`);
  }
  return compaction;
}

/**
 * Reads every acknowledged write back at its own revision: it must return the acknowledged
 * value at that mod_revision, unless the cycle's compaction covers the revision: below an
 * acknowledged compaction the read must fail as compacted; below one whose outcome is unknown
 * it may. Returns the problems and how many reads were compacted.
 */
async function historicalReadProblems(calls: EtcdCalls, acked: WriteAttempt[], compaction: CycleCompaction | undefined) {
  const problems: string[] = [];
  let compacted = 0;
  await forEachLimited(acked, 32, async (a) => {
    const below = compaction !== undefined && a.revision! < compaction.revision;
    const read = await calls.range(rangeRequest({ key: a.key, revision: a.revision! })).catch((error: unknown) => grpcStatusOf(error));
    if ('code' in read) {
      if (below && read.details === etcdErrors.compacted.details && read.code === etcdErrors.compacted.code) compacted++;
      else problems.push(`read of ${a.key} at ${a.revision} failed: ${read.details}`);
      return;
    }
    const kv = read.kvs[0];
    if (below && compaction.outcome === 'acked') problems.push(`read of ${a.key} at ${a.revision} below the acknowledged compaction at ${compaction.revision} succeeded`);
    else if (kv?.value.toString() !== a.value || kv.modRevision !== a.revision) {
      problems.push(`read of ${a.key} at ${a.revision} gave ${kv ? `${JSON.stringify(kv.value.toString())}@${kv.modRevision}` : 'nothing'}`);
    }
  });
  return { problems, compacted };
}

function connect(server: EtcdServer): { clients: EtcdClients[]; calls: EtcdCalls[] } {
  const clients = Array.from({ length: CHANNELS }, () => etcdClients(server.endpoint));
  return { clients, calls: clients.map((c) => etcdCalls(c)) };
}

async function readAll(calls: EtcdCalls): Promise<{ revision: bigint; kvs: Map<string, KeyValue> }> {
  const response = await calls.range(rangeRequest({ key: PREFIX, rangeEnd: prefixEnd(PREFIX) }));
  return { revision: response.header!.revision, kvs: new Map(response.kvs.map((kv) => [kv.key.toString(), kv])) };
}

/** Creates every key once, so that each has a known create_revision and version before the first crash. */
async function createKeys(calls: EtcdCalls, ledger: WriteLedger): Promise<bigint> {
  const keys = [
    ...Array.from({ length: WRITERS }, (_, w) => Array.from({ length: OWN_KEYS_PER_WRITER }, (_, k) => ownKey(w, k))).flat(),
    ...Array.from({ length: SHARED_KEYS }, (_, s) => sharedKey(s)),
  ];
  for (const key of keys) await calls.put(putRequest({ key, value: `initial.${PADDING}` }));
  const all = await readAll(calls);
  for (const kv of all.kvs.values()) ledger.baseline(kv);
  return all.revision;
}

test.serial(`kill -9 under ${WRITERS} concurrent writers, ${CYCLES} times: acknowledged writes survive with their revisions, revisions stay monotonic`, async (t) => {
  const server = await startTarget();
  t.teardown(() => disposeServer(server));
  const ledger = new WriteLedger();
  const seen = { max: 0n };
  let connection = connect(server);
  /** The store's revision after the last verification: every later revision must be accounted for by an applied write. */
  let settledRevision = await createKeys(connection.calls[0], ledger);

  for (let number = 1; number <= CYCLES; number++) {
    const cycle: Cycle = { number, ledger, seen, killed: false, earlyErrors: [] };
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(cycle, connection.calls[id % CHANNELS], id));
    const killAfterMs = 200 + randomInt(1300);
    const compaction = compactor(cycle, connection.calls[0], randomInt(killAfterMs), settledRevision);
    await sleep(killAfterMs);
    cycle.killed = true;
    await server.kill9();
    await Promise.all(writers);
    const compacted = await compaction;
    for (const c of connection.clients) c.close();
    t.deepEqual(cycle.earlyErrors, [], `cycle ${number}: no call may fail before the kill`);

    const acked = ledger.acknowledged();
    const maxAcked = acked.reduce((max, a) => (a.revision! > max ? a.revision! : max), 0n);
    const seenBeforeRestart = seen.max;
    t.log(
      `cycle ${number}: killed after ${killAfterMs} ms; ${acked.length} writes acknowledged, highest revision ${maxAcked}; ` +
        `compaction ${compacted ? `to ${compacted.revision} ${compacted.outcome}` : 'not issued'}`,
    );
    t.true(acked.length > 0, `cycle ${number}: some writes were acknowledged before the kill`);
    t.is(new Set(acked.map((a) => a.revision)).size, acked.length, `cycle ${number}: each acknowledged write has its own revision`);

    // A clean restart: the harness waits until the restarted store answers Maintenance.Status.
    await server.restart();
    connection = connect(server);
    const calls = connection.calls[0];
    const after = await readAll(calls);
    t.true(after.revision >= maxAcked, `cycle ${number}: revision after restart ${after.revision} >= highest acknowledged ${maxAcked}`);
    t.true(after.revision >= seenBeforeRestart, `cycle ${number}: revision after restart ${after.revision} >= highest ever shown ${seenBeforeRestart}`);

    const reads = await historicalReadProblems(calls, acked, compacted);
    t.deepEqual(reads.problems, [], `cycle ${number}: historical reads at acknowledged revisions return the acknowledged values (${reads.compacted} compacted)`);

    const { violations, applied } = ledger.settle(after.kvs);
    t.deepEqual(violations, [], `cycle ${number}: every acknowledged write is there with its revision`);
    t.is(after.revision, settledRevision + applied, `cycle ${number}: each revision since the last check is one applied write (no lost or phantom revision)`);

    const probe = await calls.put(putRequest({ key: `${PREFIX}probe`, value: `after crash ${number}` }));
    t.true(probe.header!.revision > seenBeforeRestart, `cycle ${number}: a new write gets revision ${probe.header!.revision} > ${seenBeforeRestart}, the highest seen before`);
    t.is(probe.header!.revision, after.revision + 1n, `cycle ${number}: the first write after restart takes the next revision`);
    seen.max = probe.header!.revision;
    settledRevision = probe.header!.revision;
  }
  for (const c of connection.clients) c.close();
  t.true(server.process.running, 'the store is still running after the last restart');
});
