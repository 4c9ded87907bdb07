// The real etcdctl 3.4 (Debian's etcd-client) against the store: what a user types and what
// etcdctl prints must be what it prints against etcd. Every expected output below is etcd
// 3.4's; run with STORE_TEST_TARGET=etcd to check the test against a real etcd.
// etcdctl 3.4 has no --count-only (it came in 3.5): counts are read from `-w json`.
import test from 'ava';
import { waitFor, type EtcdServer } from '@kubeling/testing';
import { disposeServer, startTarget } from './robustness-support/target.js';
import { Etcdctl } from './support/etcdctl.js';

interface JsonHeader {
  cluster_id: number;
  member_id: number;
  revision?: number;
  raft_term: number;
}
interface JsonKv {
  key: string;
  value?: string;
  create_revision: number;
  mod_revision: number;
  version: number;
  lease?: number;
}
interface JsonRange {
  header: JsonHeader;
  kvs?: JsonKv[];
  more?: boolean;
  count?: number;
}

let server: EtcdServer;
let ctl: Etcdctl;

test.before(async () => {
  server = await startTarget();
  ctl = new Etcdctl(server.endpoint);
});
test.after.always(async () => {
  if (server) await disposeServer(server);
});

const text = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64').toString();
/** The revision a put made, from its `-w json` header. */
const put = async (key: string, value: string, ...flags: string[]) => (await ctl.json<{ header: JsonHeader }>(['put', key, value, ...flags])).header.revision!;
const LEASE_ID = /^lease ([0-9a-f]{16}) granted with TTL\((\d+)s\)\n$/;
/** Grants a lease; its hex id (as etcdctl prints and takes it) and the TTL etcdctl printed. */
async function grant(ttl: number): Promise<{ id: string; ttl: number }> {
  const match = LEASE_ID.exec(await ctl.run(['lease', 'grant', String(ttl)]));
  if (!match) throw new Error('lease grant printed no lease id');
  return { id: match[1], ttl: Number(match[2]) };
}

test.serial('put, get and del with --prefix, --keys-only, --print-value-only, --order and --prev-kv print what etcd prints', async (t) => {
  for (const [key, value] of [['/p/a', '1'], ['/p/b', '2'], ['/p/c', '3'], ['/pa', 'x']]) t.is(await ctl.run(['put', key, value]), 'OK\n');
  t.is(await ctl.run(['get', '/p/b']), '/p/b\n2\n');
  t.is(await ctl.run(['get', '/p/none']), '', 'a missing key prints nothing');
  t.is(await ctl.run(['get', '/p/', '--prefix']), '/p/a\n1\n/p/b\n2\n/p/c\n3\n', '/pa is not under the prefix /p/');
  t.is(await ctl.run(['get', '/p/', '--prefix', '--keys-only']), '/p/a\n\n/p/b\n\n/p/c\n\n');
  t.is(await ctl.run(['get', '/p/', '--prefix', '--print-value-only']), '1\n2\n3\n');
  t.is(await ctl.run(['get', '/p/', '--prefix', '--order', 'DESCEND', '--keys-only']), '/p/c\n\n/p/b\n\n/p/a\n\n');
  t.is(await ctl.run(['get', '/p/a', '/p/c']), '/p/a\n1\n/p/b\n2\n', 'an explicit [key, range_end)');
  t.is(await ctl.run(['del', '/p/', '--prefix']), '3\n');
  t.is(await ctl.run(['get', '/p/', '--prefix']), '');
  t.is(await ctl.run(['get', '/pa']), '/pa\nx\n', 'del --prefix /p/ left /pa');
  t.is(await ctl.run(['del', '/pa', '--prev-kv']), '1\n/pa\nx\n');
  t.is(await ctl.run(['del', '/pa']), '0\n');
});

test.serial('get --from-key returns every key from the given one on', async (t) => {
  // '~' sorts after the '/' that starts every other key these tests write.
  for (const key of ['~from/a', '~from/b', '~from/c']) await ctl.run(['put', key, key.slice(-1)]);
  t.is(await ctl.run(['get', '--from-key', '~from/b']), '~from/b\nb\n~from/c\nc\n');
  t.is(await ctl.run(['get', '--from-key', '~from/a', '--limit', '1', '--keys-only']), '~from/a\n\n');
});

test.serial('get --limit returns the first keys, and -w json says there are more and counts them all', async (t) => {
  for (let n = 1; n <= 5; n++) await ctl.run(['put', `/lim/${n}`, `v${n}`]);
  const limited = await ctl.json<JsonRange>(['get', '/lim/', '--prefix', '--limit', '2']);
  t.deepEqual(limited.kvs?.map((kv) => [text(kv.key), text(kv.value)]), [['/lim/1', 'v1'], ['/lim/2', 'v2']]);
  t.is(limited.more, true);
  t.is(limited.count, 5);
  const all = await ctl.json<JsonRange>(['get', '/lim/', '--prefix', '--limit', '5']);
  t.is(all.kvs?.length, 5);
  t.falsy(all.more, 'no more when the limit covers every key');
  t.is(all.count, 5);
  t.is(await ctl.run(['get', '/lim/', '--prefix', '--limit', '2', '--keys-only']), '/lim/1\n\n/lim/2\n\n');
});

test.serial('get --rev reads the key as it was at that revision', async (t) => {
  const first = await put('/rev/k', 'v1');
  const second = await put('/rev/k', 'v2');
  t.is(second, first + 1);
  t.is(await ctl.run(['get', '/rev/k', '--rev', String(first)]), '/rev/k\nv1\n');
  t.is(await ctl.run(['get', '/rev/k']), '/rev/k\nv2\n');
  t.is(await ctl.run(['get', '/rev/k', '--rev', String(first - 1)]), '', 'before its first put the key did not exist');
  const past = await ctl.json<JsonRange>(['get', '/rev/k', '--rev', String(first)]);
  t.like(past.kvs?.[0], { create_revision: first, mod_revision: first, version: 1 });
  t.is(past.header.revision, second, 'the header carries the current revision, not the one read');
  const now = await ctl.json<JsonRange>(['get', '/rev/k']);
  t.like(now.kvs?.[0], { create_revision: first, mod_revision: second, version: 2 });
});

test.serial('txn runs the success branch when its compares hold, the failure branch when not', async (t) => {
  await ctl.run(['put', '/txn/k', 'v1']);
  const swap = 'value("/txn/k") = "v1"\n\nput /txn/k v2\nget /txn/k\n\nput /txn/k lost\nget /txn/other\n\n';
  t.is(await ctl.run(['txn'], swap), 'SUCCESS\n\nOK\n\n/txn/k\nv2\n');
  t.is(await ctl.run(['get', '/txn/k', '--print-value-only']), 'v2\n');
  await ctl.run(['put', '/txn/other', 'o']);
  t.is(await ctl.run(['txn'], swap), 'FAILURE\n\nOK\n\n/txn/other\no\n', 'the value is v2 now: the failure branch ran');
  t.is(await ctl.run(['get', '/txn/k', '--print-value-only']), 'lost\n');

  const { header } = await ctl.json<JsonRange>(['get', '/txn/k']);
  const casDelete = `mod("/txn/k") = "${header.revision}"\nversion("/txn/k") = "3"\ncreate("/txn/none") = "0"\n\ndel /txn/k\n\n\n`;
  t.is(await ctl.run(['txn'], casDelete), 'SUCCESS\n\n1\n');
  t.is(await ctl.run(['get', '/txn/k']), '');
  t.is(await ctl.run(['txn'], 'version("/txn/k") > "0"\n\n\nget /txn/other\n\n'), 'FAILURE\n\n/txn/other\no\n');
});

test.serial('watch --rev replays the events since a past revision, with --prev-kv, then follows new ones', async (t) => {
  const start = await put('/watch/a', '1');
  await put('/watch/b', '2');
  await ctl.run(['put', '/watch/a', '3']);
  await ctl.run(['del', '/watch/b']);
  await ctl.run(['put', '/watched-not', 'x']);
  const watch = ctl.background(['watch', '--rev', String(start), '/watch/', '--prefix', '--prev-kv']);
  t.teardown(() => watch.kill());
  const replayed = 'PUT\n/watch/a\n1\nPUT\n/watch/b\n2\nPUT\n/watch/a\n1\n/watch/a\n3\nDELETE\n/watch/b\n2\n/watch/b\n\n';
  t.is(await watch.waitForOutput((out) => out.length >= replayed.length, 'the replayed events'), replayed);
  await ctl.run(['put', '/watch/c', '4']);
  const followed = `${replayed}PUT\n/watch/c\n4\n`;
  t.is(await watch.waitForOutput((out) => out.length >= followed.length, 'the new event'), followed);
  await watch.kill();
  t.is(watch.stderr, '');
});

test.serial('compaction makes older revisions unreadable, and watches from them canceled, with etcd errors', async (t) => {
  const first = await put('/compact/k', 'v1');
  const second = await put('/compact/k', 'v2');
  t.is(await ctl.run(['compaction', String(second)]), `compacted revision ${second}\n`);
  const old = await ctl.fail(['get', '/compact/k', '--rev', String(first)]);
  t.regex(old.stderr, /Error: etcdserver: mvcc: required revision has been compacted\n$/);
  t.is(await ctl.run(['get', '/compact/k', '--rev', String(second)]), '/compact/k\nv2\n', 'the compaction revision itself stays readable');
  const again = await ctl.fail(['compaction', String(second)]);
  t.regex(again.stderr, /Error: etcdserver: mvcc: required revision has been compacted\n$/);
  const third = await put('/compact/k', 'v3');
  const future = await ctl.fail(['compaction', String(third + 10)]);
  t.regex(future.stderr, /Error: etcdserver: mvcc: required revision is a future revision\n$/);
  t.is(await ctl.run(['compaction', '--physical', String(third)]), `compacted revision ${third}\n`);
  t.regex((await ctl.fail(['get', '/compact/k', '--rev', String(second)])).stderr, /required revision has been compacted\n$/);
  const watch = await ctl.fail(['watch', '--rev', String(first), '/compact/k']);
  t.is(watch.stderr, 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n');
});

test.serial('lease grant, put --lease, keep-alive --once, timetolive --keys, list and revoke', async (t) => {
  const { id, ttl } = await grant(600);
  t.is(ttl, 600);
  await ctl.run(['put', `--lease=${id}`, '/lease/a', '1']);
  await ctl.run(['put', `--lease=${id}`, '/lease/b', '2']);
  // Read from the JSON text: a 64-bit lease id does not survive JSON.parse.
  const leaseOfKey = /"lease":(\d+)/.exec(await ctl.run(['get', '/lease/a', '-w', 'json']))?.[1];
  t.is(BigInt(leaseOfKey ?? 0).toString(16).padStart(16, '0'), id, 'the key carries the lease');
  t.is(await ctl.run(['lease', 'keep-alive', '--once', id]), `lease ${id} keepalived with TTL(600)\n`);

  const ttlLine = /^lease ([0-9a-f]{16}) granted with TTL\(600s\), remaining\((\d+)s\), attached keys\(\[(.*)\]\)\n$/.exec(await ctl.run(['lease', 'timetolive', '--keys', id]));
  t.truthy(ttlLine, 'timetolive --keys prints the granted TTL, the remaining one and the keys');
  t.is(ttlLine?.[1], id);
  t.true(Number(ttlLine?.[2]) >= 0 && Number(ttlLine?.[2]) <= 600, `remaining ${ttlLine?.[2]}s is within [0, 600]`);
  t.deepEqual(ttlLine?.[3].split(' ').sort(), ['/lease/a', '/lease/b'], 'the attached keys (etcd lists them in no particular order)');
  t.regex(await ctl.run(['lease', 'timetolive', id]), new RegExp(`^lease ${id} granted with TTL\\(600s\\), remaining\\(\\d+s\\)\\n$`));

  const listed = (await ctl.run(['lease', 'list'])).split('\n');
  t.regex(listed[0], /^found \d+ leases$/);
  t.true(listed.includes(id), 'lease list names it');
  t.is(Number(/\d+/.exec(listed[0])?.[0]), listed.filter((l) => /^[0-9a-f]{16}$/.test(l)).length, 'the count matches the ids listed');

  t.is(await ctl.run(['lease', 'revoke', id]), `lease ${id} revoked\n`);
  t.is(await ctl.run(['get', '/lease/', '--prefix']), '', 'revoking the lease deleted its keys');
  t.is(await ctl.run(['lease', 'timetolive', id]), `lease ${id} already expired\n`);
  t.false((await ctl.run(['lease', 'list'])).split('\n').includes(id), 'lease list no longer names it');
  const revokedAgain = await ctl.fail(['lease', 'revoke', id]);
  t.regex(revokedAgain.stderr, /Error: failed to revoke lease \(etcdserver: requested lease not found\)\n$/);
});

test.serial('a lease below the minimum TTL gets etcd minimum (2 s), then expires and takes its key with it', async (t) => {
  const { id, ttl } = await grant(1);
  t.is(ttl, 2, "etcd raises a TTL below its minimum (1.5 × election timeout, rounded up) to 2 s");
  await ctl.run(['put', `--lease=${id}`, '/expire/k', 'v']);
  await ctl.run(['put', '/expire/stays', 'v']);
  await waitFor(async () => (await ctl.run(['get', '/expire/k'])) === '', { timeoutMs: 20_000, what: 'the leased key to be deleted on expiry' });
  t.is(await ctl.run(['lease', 'timetolive', id]), `lease ${id} already expired\n`);
  t.is(await ctl.run(['get', '/expire/', '--prefix', '--keys-only']), '/expire/stays\n\n', 'only the key without the lease is left');
});

test.serial('endpoint status -w json has etcd fields, one member that leads, and the current revision', async (t) => {
  const revision = await put('/status/k', 'v');
  const [status] = await ctl.json<Array<{ Endpoint: string; Status: Record<string, unknown> & { header: JsonHeader } }>>(['endpoint', 'status']);
  t.is(status.Endpoint, server.endpoint);
  t.deepEqual(Object.keys(status.Status.header).sort(), ['cluster_id', 'member_id', 'raft_term', 'revision']);
  t.is(status.Status.header.revision, revision);
  for (const field of ['version', 'dbSize', 'leader', 'raftIndex', 'raftTerm', 'raftAppliedIndex', 'dbSizeInUse']) t.true(field in status.Status, `Status has ${field}`);
  t.regex(String(status.Status.version), /^3\.4\.\d+$/);
  t.is(status.Status.leader, status.Status.header.member_id, 'the one member is the leader');
  t.true(Number(status.Status.dbSize) > 0);
  t.is(status.Status.raftTerm, status.Status.header.raft_term);
  const table = await ctl.run(['endpoint', 'status']);
  t.regex(table, new RegExp(`^${server.endpoint}, [0-9a-f]+, 3\\.4\\.\\d+, [\\d.]+ [kMG]?B, true, false, \\d+, \\d+, \\d+, \\n$`));
});

test.serial('endpoint health reports the endpoint healthy', async (t) => {
  const result = await ctl.exec(['endpoint', 'health']);
  t.is(result.code, 0);
  t.regex(result.stdout + result.stderr, new RegExp(`^${server.endpoint} is healthy: successfully committed proposal: took = \\S+\\n$`));
  const [health] = await ctl.json<Array<{ endpoint: string; health: boolean }>>(['endpoint', 'health']);
  t.like(health, { endpoint: server.endpoint, health: true });
});

test.serial('member list -w json lists one started member, as etcd does for a one-member cluster', async (t) => {
  const list = await ctl.json<{ header: JsonHeader; members: Array<{ ID: number; name: string; peerURLs?: string[]; clientURLs?: string[] }> }>(['member', 'list']);
  t.deepEqual(Object.keys(list.header).sort(), ['cluster_id', 'member_id', 'raft_term'], 'etcd 3.4 sends no revision in a MemberList header');
  t.is(list.members.length, 1);
  const [member] = list.members;
  t.is(member.ID, list.header.member_id);
  t.is(member.name, 'default');
  t.deepEqual(member.clientURLs, [`http://${server.endpoint}`]);
  t.is(member.peerURLs?.length, 1, 'a member has a peer URL');
  const line = await ctl.run(['member', 'list']);
  t.regex(line, new RegExp(`^[0-9a-f]+, started, default, \\S+, http://${server.endpoint}, false\\n$`));
});

test.serial('errors print etcd message: an unknown lease (put, keep-alive), a future revision', async (t) => {
  const unknownLease = await ctl.fail(['put', '--lease=1234abcd', '/err/k', 'v']);
  t.regex(unknownLease.stderr, /Error: etcdserver: requested lease not found\n$/);
  t.is(await ctl.run(['get', '/err/k']), '', 'the put did not happen');
  const { header } = await ctl.json<JsonRange>(['get', '/err/k']);
  const future = await ctl.fail(['get', '/err/k', '--rev', String(header.revision! + 100)]);
  t.regex(future.stderr, /Error: etcdserver: mvcc: required revision is a future revision\n$/);
  const keepAlive = await ctl.fail(['lease', 'keep-alive', '--once', '1234abcd']);
  t.is(keepAlive.stderr, 'Error: etcdserver: requested lease not found\n');
  t.is(await ctl.run(['lease', 'timetolive', '1234abcd']), 'lease 000000001234abcd already expired\n');
});
