// Churn: a long run of updates to the same keys, with leases granted and revoked as node
// heartbeats cause, under revision-based auto-compaction. The data file must end below a
// stated bound and stop growing, and the data must be right at the end.
import test from 'ava';
import {
  etcdCalls,
  etcdClients,
  etcdErrors,
  grpcStatusOf,
  prefixEnd,
  putRequest,
  rangeRequest,
  type EtcdCalls,
} from '@kubeling/testing';
import { dataFileOf, dataFileSize } from './robustness-support/data-file.js';
import { disposeServer, startTarget } from './robustness-support/target.js';

/** The figure; CHURN_UPDATES overrides it (for a quick look), never silently. */
const UPDATES = Number(process.env.CHURN_UPDATES ?? 200_000);
const KEYS = 1_000;
const VALUE_BYTES = 200;
/** etcd's --auto-compaction-mode=revision: keep the last RETENTION revisions. */
const RETENTION = 1_000;
/** A lease cycle (grant, attach a key, revoke) after every LEASE_EVERY updates. */
const LEASE_EVERY = 100;
const CHANNELS = 4;
const IN_FLIGHT_PER_CHANNEL = 16;
const MiB = 1024 * 1024;

/**
 * The bound, reasoned: what must be kept is 1,000 live keys plus the last 1,000 revisions,
 * each a ~200-byte value with a ~20-byte key and ~40 bytes of revision metadata: about
 * 2,000 x 260 B = 0.5 MB. Compaction runs now and then, not after each write, so allow
 * 20,000 revisions (a tenth of the run) to pile up between two runs: 5.2 MB. LMDB's B-tree
 * pages may be half full, and copy-on-write plus the free list hold up to as much again: x4.
 * (0.5 + 5.2) MB x 4 = 23 MB, rounded up to 32 MiB. Without compaction the same run needs
 * 200,000 x 260 B = 52 MB of records alone, so the bound tells the two apart.
 */
const BOUND_BYTES = 32 * MiB;
/** "Stops growing": the file at the end is at most this much larger than at half-way. */
const GROWTH_AFTER_HALF = 1.2;

const key = (k: number) => `/churn/keys/${String(k).padStart(4, '0')}`;
const value = (i: number) => `update ${i} `.padEnd(VALUE_BYTES, '.');

interface LastWrite {
  revision: bigint;
  value: string;
  count: number;
}

/** A lease cycle as a node heartbeat makes one: grant, put a key with the lease, revoke (which deletes it). */
async function leaseCycle(calls: EtcdCalls, n: number): Promise<void> {
  const lease = (await calls.leaseGrant({ TTL: 30n, ID: 0n })).ID;
  await calls.put(putRequest({ key: `/churn/leases/${n}`, value: value(n), lease }));
  await calls.leaseRevoke({ ID: lease });
}

test.serial(`${UPDATES} updates to ${KEYS} keys with lease churn and auto-compaction: the data file ends below ${BOUND_BYTES / MiB} MiB and stops growing`, async (t) => {
  t.timeout(10 * 60_000);
  const server = await startTarget({ flags: ['--auto-compaction-mode=revision', `--auto-compaction-retention=${RETENTION}`] });
  const clients = Array.from({ length: CHANNELS }, () => etcdClients(server.endpoint));
  t.teardown(async () => {
    for (const c of clients) c.close();
    await disposeServer(server);
  });
  const calls = clients.map((c) => etcdCalls(c));
  const file = dataFileOf(server);
  const last = new Map<number, LastWrite>();
  const sizes: Array<{ done: number; length: number; allocated: number; seconds: number }> = [];
  const started = Date.now();
  const quarters = [1, 2, 3, 4].map((q) => Math.round((q * UPDATES) / 4));
  let next = 0;
  let done = 0;

  const lane = async (c: EtcdCalls) => {
    while (next < UPDATES) {
      const i = next++;
      const k = i % KEYS;
      const response = await c.put(putRequest({ key: key(k), value: value(i) }));
      const revision = response.header!.revision;
      const before = last.get(k);
      const newer = !before || revision > before.revision;
      last.set(k, { revision: newer ? revision : before.revision, value: newer ? value(i) : before.value, count: (before?.count ?? 0) + 1 });
      if (i % LEASE_EVERY === 0) await leaseCycle(c, i / LEASE_EVERY);
      if (quarters.includes(++done)) {
        sizes.push({ done, ...dataFileSize(file), seconds: (Date.now() - started) / 1000 });
      }
    }
  };
  await Promise.all(calls.flatMap((c) => Array.from({ length: IN_FLIGHT_PER_CHANNEL }, () => lane(c))));
  const seconds = (Date.now() - started) / 1000;
  t.log(`${UPDATES} updates and ${UPDATES / LEASE_EVERY} lease cycles in ${seconds.toFixed(1)} s: ${Math.round(UPDATES / seconds)} updates/s`);
  for (const s of sizes) {
    t.log(`at ${s.done} updates (${s.seconds.toFixed(1)} s): data file ${(s.length / MiB).toFixed(1)} MiB long, ${(s.allocated / MiB).toFixed(1)} MiB on disk`);
  }

  const [, half, , end] = sizes;
  t.true(end.length <= BOUND_BYTES, `data file ${(end.length / MiB).toFixed(1)} MiB <= ${BOUND_BYTES / MiB} MiB`);
  t.true(end.allocated <= BOUND_BYTES, `data file occupies ${(end.allocated / MiB).toFixed(1)} MiB on disk <= ${BOUND_BYTES / MiB} MiB`);
  t.true(end.length <= half.length * GROWTH_AFTER_HALF, `stops growing: ${(end.length / MiB).toFixed(1)} MiB at the end <= ${GROWTH_AFTER_HALF} x ${(half.length / MiB).toFixed(1)} MiB at half-way`);

  const all = await calls[0].range(rangeRequest({ key: '/churn/', rangeEnd: prefixEnd('/churn/') }));
  t.is(all.kvs.length, KEYS, 'every key is there and no lease key is left');
  const wrong = all.kvs.filter((kv) => {
    const k = Number(kv.key.toString().slice(-4));
    const want = last.get(k)!;
    return kv.value.toString() !== want.value || kv.modRevision !== want.revision || kv.version !== BigInt(want.count);
  });
  t.deepEqual(wrong.map((kv) => kv.key.toString()), [], 'every key holds its last acknowledged value, at its revision, with one version per update');

  const current = all.header!.revision;
  const retained = await calls[0].range(rangeRequest({ key: key(0), revision: current - BigInt(RETENTION) + 1n }));
  t.is(retained.header!.revision, current, `revision ${current - BigInt(RETENTION) + 1n}, within the last ${RETENTION}, is still readable`);
  const early = await calls[0].range(rangeRequest({ key: key(0), revision: 2n })).then(
    () => undefined,
    (error: unknown) => grpcStatusOf(error),
  );
  t.deepEqual(early, etcdErrors.compacted, 'auto-compaction ran: revision 2 is compacted');
});
