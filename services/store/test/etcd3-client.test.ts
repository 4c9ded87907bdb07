// The `etcd3` Node client library against the store: what an application would do.
import test from 'ava';
import { Etcd3, type IKeyValue } from 'etcd3';
import { startStore, waitFor, type EtcdServer } from '@kubeling/testing';

let server: EtcdServer;
let client: Etcd3;

test.before(async () => {
  server = await startStore();
  client = new Etcd3({ hosts: `http://${server.endpoint}` });
});

test.after.always(async () => {
  client?.close();
  await server?.stop();
});

test.serial('put, get, prefix listing and delete', async (t) => {
  await client.put('app/a').value('1');
  await client.put('app/b').value('2');
  await client.put('other').value('x');
  t.is(await client.get('app/a').string(), '1');
  t.deepEqual(await client.getAll().prefix('app/').strings(), { 'app/a': '1', 'app/b': '2' });
  t.is(await client.getAll().prefix('app/').count(), 2);
  await client.delete().key('app/a');
  t.is(await client.get('app/a').string(), null);
});

test.serial('transactions take the branch their comparison selects', async (t) => {
  await client.put('txn/k').value('old');
  const hit = await client.if('txn/k', 'Value', '==', 'old').then(client.put('txn/k').value('new')).else(client.put('txn/k').value('miss')).commit();
  t.true(hit.succeeded);
  t.is(await client.get('txn/k').string(), 'new');
  const miss = await client.if('txn/k', 'Value', '==', 'old').then(client.put('txn/k').value('again')).else(client.put('txn/other').value('else')).commit();
  t.false(miss.succeeded);
  t.is(await client.get('txn/k').string(), 'new');
  t.is(await client.get('txn/other').string(), 'else');
});

test.serial('a watcher on a prefix gets puts and deletes with their previous values', async (t) => {
  const watcher = await client.watch().prefix('w/').withPreviousKV().create();
  const seen: string[] = [];
  watcher.on('put', (kv: IKeyValue, prev?: IKeyValue) => seen.push(`put ${kv.key} ${kv.value} prev=${prev?.value ?? ''}`));
  watcher.on('delete', (kv: IKeyValue, prev?: IKeyValue) => seen.push(`delete ${kv.key} prev=${prev?.value ?? ''}`));
  await client.put('w/x').value('1');
  await client.put('w/x').value('2');
  await client.put('elsewhere').value('no');
  await client.delete().key('w/x');
  await waitFor(() => seen.length >= 3, { what: 'three watch events' });
  await watcher.cancel();
  t.deepEqual(seen, ['put w/x 1 prev=', 'put w/x 2 prev=1', 'delete w/x prev=2']);
});

test.serial('a lease keeps its keys while kept alive and deletes them when revoked', async (t) => {
  const lease = client.lease(10);
  await lease.put('leased/a').value('1');
  await lease.put('leased/b').value('2');
  await lease.keepaliveOnce();
  t.is(await client.getAll().prefix('leased/').count(), 2);
  await lease.revoke();
  t.is(await client.getAll().prefix('leased/').count(), 0);
});

test.serial('a lease and its keys survive a restart, with the lease clock started again', async (t) => {
  const lease = client.lease(30, { autoKeepAlive: false });
  await lease.put('durable/leased').value('v');
  const id = await lease.grant();
  await server.restart();
  const after = new Etcd3({ hosts: `http://${server.endpoint}` });
  try {
    t.is(await after.get('durable/leased').string(), 'v');
    const leases = await after.leaseClient.leaseTimeToLive({ ID: id, keys: true });
    t.is(leases.grantedTTL, '30');
    t.true(Number(leases.TTL) > 20, `the TTL restarts after a restart (left: ${leases.TTL})`);
    t.deepEqual(leases.keys.map((k) => k.toString()), ['durable/leased']);
  } finally {
    after.close();
    lease.release();
  }
});
