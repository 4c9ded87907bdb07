// A Node etcd client library (the `etcd3` npm package, which speaks etcd's gRPC API with its own
// generated code) against the store: KV, transactions, leases with keep-alive, watch, STM and
// lock must work as they do against etcd. Run with STORE_TEST_TARGET=etcd to check the test.
import test from 'ava';
import { Etcd3, EtcdLeaseInvalidError, EtcdLockFailedError, GRPCOutOfRangeError, type IKeyValue } from 'etcd3';
import { waitFor, type EtcdServer } from '@kubeling/testing';
import { disposeServer, startTarget } from './robustness-support/target.js';

let server: EtcdServer;
let client: Etcd3;

test.before(async () => {
  server = await startTarget();
  client = new Etcd3({ hosts: `http://${server.endpoint}` });
});
test.after.always(async () => {
  client?.close();
  if (server) await disposeServer(server);
});

test.serial('put, get, getAll with a prefix, and delete', async (t) => {
  const first = await client.put('/kv/a').value('1').exec();
  await client.put('/kv/b').value('2').exec();
  await client.put('/kv/c').value('3').exec();
  await client.put('/kvz').value('outside').exec();
  t.is(await client.get('/kv/a').string(), '1');
  t.is(await client.get('/kv/missing').string(), null);
  t.deepEqual(await client.getAll().prefix('/kv/').strings(), { '/kv/a': '1', '/kv/b': '2', '/kv/c': '3' });
  t.deepEqual(await client.getAll().prefix('/kv/').keys(), ['/kv/a', '/kv/b', '/kv/c']);
  t.is(await client.getAll().prefix('/kv/').count(), 3);
  t.deepEqual(await client.getAll().prefix('/kv/').sort('Key', 'Descend').limit(2).keys(), ['/kv/c', '/kv/b']);

  const updated = await client.put('/kv/a').value('1b').getPrevious();
  t.is(updated?.value.toString(), '1', 'put with prev_kv returns the value it replaced');
  const kv = (await client.get('/kv/a').exec()).kvs[0];
  t.is(kv.version, '2');
  t.is(kv.create_revision, first.header.revision);

  const deleted = await client.delete().key('/kv/b').exec();
  t.is(deleted.deleted, '1');
  const deletedPrefix = await client.delete().prefix('/kv/').getPrevious();
  t.deepEqual(deletedPrefix.map((p) => p.key.toString()).sort(), ['/kv/a', '/kv/c']);
  t.is(await client.getAll().prefix('/kv/').count(), 0);
  t.is(await client.get('/kvz').string(), 'outside');
});

test.serial('a historical read by revision, and a compacted one failing with OUT_OF_RANGE', async (t) => {
  const first = await client.put('/hist/k').value('v1').exec();
  await client.put('/hist/k').value('v2').exec();
  t.is(await client.get('/hist/k').revision(first.header.revision).string(), 'v1');
  const latest = await client.put('/hist/k').value('v3').exec();
  await client.kv.compact({ revision: latest.header.revision, physical: true });
  const error = await t.throwsAsync(client.get('/hist/k').revision(first.header.revision).string());
  t.true(error instanceof GRPCOutOfRangeError, `got ${error?.constructor.name}`);
  t.regex(error?.message ?? '', /etcdserver: mvcc: required revision has been compacted/);
});

test.serial('transactions take the then branch when the compares hold and the else branch otherwise', async (t) => {
  await client.put('/txn/k').value('v1').exec();
  const cas = (expected: string, next: string) =>
    client.if('/txn/k', 'Value', '==', expected).then(client.put('/txn/k').value(next)).else(client.get('/txn/k')).commit();
  const won = await cas('v1', 'v2');
  t.true(won.succeeded);
  t.is(await client.get('/txn/k').string(), 'v2');
  const lost = await cas('v1', 'v3');
  t.false(lost.succeeded);
  t.is(lost.responses[0].response_range?.kvs[0].value.toString(), 'v2', 'the else branch read the current value');
  t.is(await client.get('/txn/k').string(), 'v2');

  const kv = (await client.get('/txn/k').exec()).kvs[0];
  const create = await client.if('/txn/new', 'Create', '==', 0).and('/txn/k', 'Mod', '==', Number(kv.mod_revision)).then(client.put('/txn/new').value('made'), client.delete().key('/txn/k')).commit();
  t.true(create.succeeded);
  t.deepEqual(await client.getAll().prefix('/txn/').strings(), { '/txn/new': 'made' });
  const versioned = await client.if('/txn/new', 'Version', '>', 1).then(client.delete().key('/txn/new')).commit();
  t.false(versioned.succeeded, 'version is 1');
});

test.serial('a lease kept alive keeps its keys past its TTL; revoking it deletes them; a lapsed one expires', async (t) => {
  const ttl = 3;
  const lease = client.lease(ttl);
  t.teardown(() => lease.release());
  const id = await lease.grant();
  await lease.put('/lease/a').value('1').exec();
  await lease.put('/lease/b').value('2').exec();
  t.is((await client.get('/lease/a').exec()).kvs[0].lease, id, 'the key carries the lease');

  // etcd3 renews every TTL/3; after four renewals more than a whole TTL has passed since the grant.
  let renewals = 0;
  lease.on('keepaliveSucceeded', (response) => {
    if (response.TTL === String(ttl)) renewals++;
  });
  await waitFor(() => renewals >= 4, { timeoutMs: 20_000, what: 'four keep-alive renewals' });
  t.deepEqual(await client.getAll().prefix('/lease/').keys(), ['/lease/a', '/lease/b'], 'kept alive past its TTL, the keys stay');
  const once = await lease.keepaliveOnce();
  t.is(once.TTL, String(ttl));

  await lease.revoke();
  t.deepEqual(await client.getAll().prefix('/lease/').keys(), [], 'revoking the lease deleted its keys');
  const unknown = await t.throwsAsync(client.put('/lease/c').value('x').lease(id).exec());
  t.true(unknown instanceof EtcdLeaseInvalidError, `a put with the revoked lease fails as "requested lease not found"; got ${unknown?.constructor.name}: ${unknown?.message}`);

  const lapsing = client.lease(ttl, { autoKeepAlive: false });
  await lapsing.put('/lease/lapsing').value('x').exec();
  t.is(await client.get('/lease/lapsing').string(), 'x');
  await waitFor(async () => (await client.get('/lease/lapsing').string()) === null, { timeoutMs: 20_000, what: 'the unrenewed lease to expire' });
  t.pass('the key of a lease nobody renews is deleted when it expires');
});

test.serial('a watcher on a prefix gets put and delete events with the previous key-value', async (t) => {
  const watcher = await client.watch().prefix('/watch/').withPreviousKV().create();
  t.teardown(() => watcher.cancel());
  const seen: string[] = [];
  const describe = (kind: string, kv: IKeyValue, prev?: IKeyValue) => `${kind} ${kv.key} ${kv.value} v${kv.version} prev=${prev ? `${prev.value} v${prev.version}` : '-'}`;
  watcher.on('put', (kv, prev) => seen.push(describe('put', kv, prev)));
  watcher.on('delete', (kv, prev) => seen.push(describe('delete', kv, prev)));

  await client.put('/watch/a').value('1').exec();
  await client.put('/watch/a').value('2').exec();
  await client.put('/unwatched').value('x').exec();
  await client.put('/watch/b').value('3').exec();
  await client.delete().prefix('/watch/').exec();
  const expected = [
    'put /watch/a 1 v1 prev=-',
    'put /watch/a 2 v2 prev=1 v1',
    'put /watch/b 3 v1 prev=-',
    'delete /watch/a  v0 prev=2 v2',
    'delete /watch/b  v0 prev=3 v1',
  ];
  await waitFor(() => seen.length >= expected.length, { timeoutMs: 10_000, what: 'five watch events' });
  t.deepEqual(seen, expected);
});

test.serial('a watcher from a past revision replays the history since then', async (t) => {
  const start = await client.put('/replay/k').value('1').exec();
  await client.put('/replay/k').value('2').exec();
  await client.delete().key('/replay/k').exec();
  const watcher = await client.watch().key('/replay/k').startRevision(start.header.revision).create();
  t.teardown(() => watcher.cancel());
  const seen: string[] = [];
  watcher.on('put', (kv) => seen.push(`put ${kv.value} @${kv.mod_revision}`));
  watcher.on('delete', (kv) => seen.push(`delete @${kv.mod_revision}`));
  const rev = BigInt(start.header.revision);
  const expected = [`put 1 @${rev}`, `put 2 @${rev + 1n}`, `delete @${rev + 2n}`];
  await waitFor(() => seen.length >= expected.length, { timeoutMs: 10_000, what: 'the replayed events' });
  t.deepEqual(seen, expected);
});

test.serial('STM transactions on one key from concurrent clients serialize (no lost update)', async (t) => {
  await client.put('/stm/counter').value('0').exec();
  const increments = 10;
  await Promise.all(
    Array.from({ length: increments }, () =>
      client.stm({ retries: 50 }).transact(async (tx) => {
        const current = Number(await tx.get('/stm/counter').string());
        await tx.put('/stm/counter').value(String(current + 1));
      }),
    ),
  );
  t.is(await client.get('/stm/counter').string(), String(increments));
});

test.serial('a lock is exclusive until released', async (t) => {
  const held = await client.lock('/lock/resource').ttl(10).acquire();
  const second = await t.throwsAsync(client.lock('/lock/resource').ttl(10).acquire());
  t.true(second instanceof EtcdLockFailedError, `a second acquire fails while held; got ${second?.constructor.name}`);
  await held.release();
  const again = await client.lock('/lock/resource').ttl(10).acquire();
  await again.release();
  t.pass('acquired again after release');
});

// Last: it restarts the shared server.
test.serial('a lease and its keys survive a restart, with the lease clock started again', async (t) => {
  const lease = client.lease(30, { autoKeepAlive: false });
  t.teardown(() => lease.release());
  await lease.put('/durable/leased').value('v').exec();
  const id = await lease.grant();
  await server.restart();
  const after = new Etcd3({ hosts: `http://${server.endpoint}` });
  t.teardown(() => after.close());
  t.is(await after.get('/durable/leased').string(), 'v');
  const leases = await after.leaseClient.leaseTimeToLive({ ID: id, keys: true });
  t.is(leases.grantedTTL, '30');
  t.true(Number(leases.TTL) > 20, `the TTL restarts after a restart (left: ${leases.TTL})`);
  t.deepEqual(leases.keys.map((k) => k.toString()), ['/durable/leased']);
});
