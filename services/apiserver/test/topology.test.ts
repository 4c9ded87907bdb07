import test, { type ExecutionContext } from 'ava';
import { rmSync } from 'node:fs';
import { ApiClient, Watcher, type KubeObject } from '@kubeling/client';
import { kubectl, startApiServer, startEtcd, startStore, waitFor, type ApiServer, type EtcdServer } from '@kubeling/testing';

const cleanups: Array<() => Promise<void>> = [];
test.after.always(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function cluster(backend: 'store' | 'etcd', apiservers: number): Promise<{ db: EtcdServer; apis: ApiServer[] }> {
  const db = backend === 'etcd' ? await startEtcd() : await startStore();
  cleanups.push(async () => {
    await db.stop();
    rmSync(db.dataDir, { recursive: true, force: true });
  });
  const apis: ApiServer[] = [];
  for (let i = 0; i < apiservers; i++) {
    const api = await startApiServer({ etcdServers: [db.endpoint] });
    cleanups.push(async () => {
      await api.stop();
      rmSync(api.dataDir, { recursive: true, force: true });
    });
    apis.push(api);
  }
  return { db, apis };
}

const clientOf = (api: ApiServer) => new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin });

test('a real etcd works as the backend: kubectl creates, reads and lists through it', async (t) => {
  const { apis } = await cluster('etcd', 1);
  const kube = (...args: string[]) => kubectl(apis[0]!.kubeconfig, args);
  t.is((await kube('create', 'namespace', 'on-etcd')).code, 0);
  t.is((await kube('create', 'configmap', 'c1', '-n', 'on-etcd', '--from-literal=k=v')).code, 0);
  const got = JSON.parse((await kube('get', 'configmap', 'c1', '-n', 'on-etcd', '-o', 'json')).stdout);
  t.deepEqual(got.data, { k: 'v' });
  t.regex(got.metadata.resourceVersion, /^\d+$/);
  t.regex((await kube('get', 'configmaps', '-n', 'on-etcd')).stdout, /^c1\s+1\s+\d+s$/m);
});

/** Two apiservers over one store, with a client of each (closed with the test). */
async function twoApiservers(t: ExecutionContext): Promise<{ apis: ApiServer[]; a: ApiClient; b: ApiClient }> {
  const { apis } = await cluster('store', 2);
  const [a, b] = [clientOf(apis[0]!), clientOf(apis[1]!)];
  t.teardown(() => {
    a.close();
    b.close();
  });
  return { apis, a, b };
}

test('two apiservers over one store: a write through one is seen by a watch on the other, and conflicts hold across them', async (t) => {
  const { a, b } = await twoApiservers(t);
  const ref = { version: 'v1', resource: 'configmaps', namespace: 'default' };
  const start = await b.list(ref);
  const seen: string[] = [];
  const watcher = new Watcher<KubeObject>(b, ref, { resourceVersion: start.resourceVersion }, { onEvent: (type, o) => seen.push(`${type} ${o.metadata?.name}`), onGone: () => t.fail() });
  t.teardown(() => watcher.stop());
  const created = await a.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data: { v: '1' } });
  await waitFor(() => seen.includes('ADDED shared'), { timeoutMs: 10_000, what: 'the event on the other apiserver' });

  await b.update({ ...ref, name: 'shared' }, { ...created, data: { v: '2' } });
  const stale = await a.update({ ...ref, name: 'shared' }, { ...created, data: { v: '3' } }).then(
    () => undefined,
    (e: { reason?: string }) => e.reason,
  );
  t.is(stale, 'Conflict', 'the resourceVersion read through one apiserver is stale after a write through the other');
  t.is(((await a.get({ ...ref, name: 'shared' })).data as Record<string, string>).v, '2');
});

test('a watch resumes across a restart of its apiserver even when the store moved on meanwhile (the cache replays recent history)', async (t) => {
  const { apis, a, b } = await twoApiservers(t);
  const ref = { version: 'v1', resource: 'configmaps', namespace: 'default' };
  const start = await a.list(ref);
  const seen: string[] = [];
  let gone = false;
  const watcher = new Watcher<KubeObject>(a, ref, { resourceVersion: start.resourceVersion }, { onEvent: (type, o) => seen.push(`${type} ${o.metadata?.name}`), onGone: () => (gone = true) });
  t.teardown(() => watcher.stop());
  await b.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before' } });
  await waitFor(() => seen.length === 1, { timeoutMs: 10_000, what: 'the first event' });

  await apis[0]!.stop();
  // While A is down, the store moves on: a change A's watcher must see, and others it must not.
  await b.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'during' } });
  await b.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'elsewhere' } });
  await apis[0]!.restart();
  await b.create(ref, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after' } });
  await waitFor(() => seen.length === 3 || gone, { timeoutMs: 60_000, what: 'the events across the restart' });
  t.false(gone, 'no 410: the restarted cache holds the history the watcher needs');
  t.deepEqual(seen, ['ADDED before', 'ADDED during', 'ADDED after']);
});
