import test from 'ava';
import { rmSync } from 'node:fs';
import { EtcdClient, putRequest, requestOp, txnRequest } from '@kubeling/etcd-client';
import { freePort, startStore, type EtcdServer } from '@kubeling/testing';

let store: EtcdServer;
test.before(async () => {
  store = await startStore();
});
test.after.always(async () => {
  await store?.stop();
  if (store) rmSync(store.dataDir, { recursive: true, force: true });
});

test('the storage client moves to the next endpoint when one is down, and reports etcd errors with their code', async (t) => {
  const dead = `127.0.0.1:${await freePort()}`;
  const etcd = new EtcdClient({ endpoints: [`http://${dead}`, `http://${store.endpoint}`], timeoutMs: 5000 });
  t.teardown(() => etcd.close());
  const first = await etcd.range({ key: 'a' }).then(
    () => undefined,
    (e: { code?: number }) => e.code,
  );
  t.is(first, 14, 'UNAVAILABLE from the dead endpoint');
  const put = await etcd.txn(txnRequest({ success: [requestOp.put(putRequest({ key: 'a', value: 'v' }))] }));
  t.true(put.succeeded);
  const got = await etcd.range({ key: 'a' });
  t.is(got.kvs[0]?.value.toString(), 'v');

  const future = await etcd.range({ key: 'a', revision: 1n << 40n }).then(
    () => undefined,
    (e: { code?: number; details?: string }) => e,
  );
  t.like(future, { code: 11, details: 'etcdserver: mvcc: required revision is a future revision' });
});
