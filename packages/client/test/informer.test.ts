import test from 'ava';
import { deleteRangeRequest, etcdCalls, etcdClients, putRequest, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import { DeletedFinalStateUnknown, Lister, SharedInformerFactory, labelIndexFunc, type ApiClient, type KubeObject, type ResourceEventHandler } from '../src/index.js';
import { clusterForTests } from './test-cluster.js';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

let cluster: ApiServerOverStore;
let client: ApiClient;
clusterForTests(test, (c, admin) => {
  cluster = c;
  client = admin;
});

const CONFIGMAPS = { version: 'v1', resource: 'configmaps' };
const configmaps = (namespace: string, name?: string) => ({ ...CONFIGMAPS, namespace, name });
const configmap = (name: string, data: Record<string, string>, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data });

async function namespace(name: string): Promise<string> {
  await client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

/** Records what a handler hears about one namespace, as `verb name[=data.v]`. */
function recorder(ns: string): { seen: string[]; handler: ResourceEventHandler<ConfigMap> } {
  const seen: string[] = [];
  const show = (o: ConfigMap) => `${o.metadata?.name}${o.data?.v ? `=${o.data.v}` : ''}`;
  const mine = (o: ConfigMap) => o.metadata?.namespace === ns;
  return {
    seen,
    handler: {
      onAdd: (o) => mine(o) && seen.push(`add ${show(o)}`),
      onUpdate: (_old, o) => mine(o) && seen.push(`update ${show(o)}`),
      onDelete: (o) => {
        if (o instanceof DeletedFinalStateUnknown) {
          if (mine(o.obj)) seen.push(`tombstone ${o.key}`);
        } else if (mine(o)) seen.push(`delete ${show(o)}`);
      },
    },
  };
}

/** The cache agrees with the apiserver: the same objects at the same resourceVersions. */
async function cacheMatchesServer(lister: Lister<ConfigMap>, ns: string): Promise<boolean> {
  const server = (await client.list<ConfigMap>(configmaps(ns))).items.map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
  const cached = lister.namespace(ns).list().map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
  return JSON.stringify(server) === JSON.stringify(cached);
}

test.serial('an informer from the factory sees adds, updates and deletes; two callers share it; indices and listers read its cache', async (t) => {
  const ns = await namespace('informer-events');
  await client.create(configmaps(ns), configmap('before', { v: '0' }, { app: 'web' }));
  const factory = new SharedInformerFactory(client);
  t.teardown(() => factory.shutdown());
  const informer = factory.informerFor<ConfigMap>(CONFIGMAPS, { indexers: { byApp: labelIndexFunc('app') } });
  t.is(factory.informerFor<ConfigMap>(CONFIGMAPS, { indexers: { byApp: labelIndexFunc('app') } }), informer, 'one informer per resource');
  const { seen, handler } = recorder(ns);
  informer.addEventHandler(handler);
  factory.start();
  t.true(await factory.waitForCacheSync());
  t.deepEqual(seen, ['add before=0']);

  await client.create(configmaps(ns), configmap('a', { v: '1' }, { app: 'web' }));
  await client.create(configmaps(ns), configmap('b', { v: '1' }, { app: 'db' }));
  await client.patch(configmaps(ns, 'a'), 'merge', { data: { v: '2' } });
  await client.delete(configmaps(ns, 'before'));
  const expected = ['add before=0', 'add a=1', 'add b=1', 'update a=2', 'delete before=0'];
  await waitFor(() => seen.length >= expected.length, { what: 'five events' });
  t.deepEqual(seen, expected);

  const lister = new Lister(informer.getIndexer());
  t.deepEqual(lister.namespace(ns).list().map((o) => o.metadata?.name).sort(), ['a', 'b']);
  t.is(lister.namespace(ns).get('a')?.data?.v, '2');
  t.deepEqual(lister.namespace(ns).list({ matches: (labels) => labels?.app === 'db' }).map((o) => o.metadata?.name), ['b']);
  t.deepEqual(informer.getIndexer().byIndex('byApp', 'web').filter((o) => o.metadata?.namespace === ns).map((o) => o.metadata?.name), ['a']);
  t.deepEqual(informer.getIndexer().byIndex('namespace', ns).map((o) => o.metadata?.name).sort(), ['a', 'b']);
  t.true(await cacheMatchesServer(lister, ns));

  const late = recorder(ns);
  informer.addEventHandler(late.handler);
  t.deepEqual(late.seen.sort(), ['add a=2', 'add b=1'], 'a late handler hears the cache as adds');
});

test.serial('an informer keeps its cache right across an apiserver restart, without relisting or repeating events', async (t) => {
  const ns = await namespace('informer-restart');
  await client.create(configmaps(ns), configmap('a', { v: '1' }));
  await client.create(configmaps(ns), configmap('b', { v: '1' }));
  const factory = new SharedInformerFactory(client);
  t.teardown(() => factory.shutdown());
  const informer = factory.informerFor<ConfigMap>(CONFIGMAPS);
  const { seen, handler } = recorder(ns);
  informer.addEventHandler(handler);
  factory.start();
  await factory.waitForCacheSync();

  await cluster.api.restart();
  await client.create(configmaps(ns), configmap('c', { v: '1' }));
  await client.patch(configmaps(ns, 'a'), 'merge', { data: { v: '2' } });
  await client.delete(configmaps(ns, 'b'));
  const expected = ['add a=1', 'add b=1', 'add c=1', 'update a=2', 'delete b=1'];
  await waitFor(() => seen.length >= expected.length, { timeoutMs: 60_000, what: 'the changes after the restart' }).catch((e) => {
    t.log(seen);
    throw e;
  });
  t.deepEqual(seen, expected);
  t.true(await cacheMatchesServer(new Lister(informer.getIndexer()), ns));
});

test.serial('after a 410 the informer lists again and delivers a tombstone for an object deleted while it could not watch', async (t) => {
  const ns = await namespace('informer-gone');
  await client.create(configmaps(ns), configmap('kept', { v: '1' }));
  await client.create(configmaps(ns), configmap('doomed', { v: '1' }));
  const warnings: string[] = [];
  const factory = new SharedInformerFactory(client, { logger: { warn: (_obj, msg) => warnings.push(msg) } });
  t.teardown(() => factory.shutdown());
  const informer = factory.informerFor<ConfigMap>(CONFIGMAPS);
  const { seen, handler } = recorder(ns);
  informer.addEventHandler(handler);
  factory.start();
  await factory.waitForCacheSync();

  // With the apiserver down, delete behind its back and compact the store past the informer's
  // resourceVersion: the restarted apiserver can only answer the informer's resume with 410.
  await cluster.api.stop();
  const etcd = etcdClients(cluster.store.endpoint);
  t.teardown(() => etcd.close());
  const calls = etcdCalls(etcd);
  await calls.deleteRange(deleteRangeRequest({ key: `/registry/configmaps/${ns}/doomed` }));
  // Compacting at a later write than the delete: the apiserver's history replay at start
  // fails on a delete whose previous value was compacted away.
  const now = (await calls.put(putRequest({ key: '/client-test/marker', value: 'x' }))).header!.revision;
  await calls.compact({ revision: now, physical: true });
  await cluster.api.restart();

  await waitFor(() => seen.includes(`tombstone ${ns}/doomed`), { timeoutMs: 60_000, what: 'the tombstone' }).catch((e) => {
    t.log(seen);
    throw e;
  });
  t.deepEqual(seen, ['add doomed=1', 'add kept=1', 'update kept=1', `tombstone ${ns}/doomed`]);
  t.true(warnings.includes('watch expired; listing again'));
  const lister = new Lister(informer.getIndexer());
  t.is(lister.namespace(ns).get('doomed'), undefined);
  t.true(await cacheMatchesServer(lister, ns));
});
