import test from 'ava';
import type { KubeObject, ListOptions, ListResult } from './api-client.js';
import type { ListWatch, WatchHandle } from './list-watch.js';
import type { Logger } from './logger.js';
import { Lister } from './lister.js';
import { DeletedFinalStateUnknown, SharedIndexInformer, deletionHandlingMetaNamespaceKeyFunc, waitForCacheSync, type ResourceEventHandler } from './shared-informer.js';
import type { WatchHandlers } from './watcher.js';

interface FakeWatch extends WatchHandle {
  resourceVersion: string;
  handlers: WatchHandlers<KubeObject>;
  stopped: boolean;
}

/** A ListWatch the test drives: lists answer from a queue (an Error entry fails that list), watches are handed to the test. */
function fakeListWatch() {
  const lists: Array<ListResult<KubeObject> | Error> = [];
  const listCalls: ListOptions[] = [];
  const watches: FakeWatch[] = [];
  const listWatch: ListWatch = {
    list: async (options) => {
      listCalls.push(options);
      const next = lists.shift();
      if (next === undefined) throw new Error('no list answer queued');
      if (next instanceof Error) throw next;
      return next;
    },
    watch: (resourceVersion, handlers) => {
      const w: FakeWatch = { resourceVersion, handlers, stopped: false, lastResourceVersion: resourceVersion, stop: () => void (w.stopped = true) };
      watches.push(w);
      return w;
    },
  };
  return { listWatch, lists, listCalls, watches };
}

const cm = (name: string, rv: string, labels: Record<string, string> = {}, namespace = 'default'): KubeObject => ({ metadata: { name, namespace, resourceVersion: rv, labels } });
const silent: Logger = { warn: () => undefined };
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met');
};

function recording(): { seen: string[]; handler: ResourceEventHandler<KubeObject> } {
  const seen: string[] = [];
  const rv = (o: KubeObject) => o.metadata?.resourceVersion;
  return {
    seen,
    handler: {
      onAdd: (o, initial) => seen.push(`add ${o.metadata?.name}@${rv(o)}${initial ? ' initial' : ''}`),
      onUpdate: (a, b) => seen.push(`update ${b.metadata?.name}@${rv(a)}->${rv(b)}`),
      onDelete: (o) => seen.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}@${rv(o.obj)}` : `delete ${o.metadata?.name}@${rv(o)}`),
    },
  };
}

test('lists, syncs, then watches from the list resourceVersion; events reach handlers after the cache has them', async (t) => {
  const { listWatch, lists, watches } = fakeListWatch();
  lists.push({ items: [cm('a', '1'), cm('b', '2')], resourceVersion: '10' });
  const informer = new SharedIndexInformer(listWatch, { logger: silent });
  t.teardown(() => informer.stop());
  const { seen, handler } = recording();
  const registration = informer.addEventHandler(handler);
  const cacheAtUpdate: Array<string | undefined> = [];
  informer.addEventHandler({ onUpdate: (_o, n) => cacheAtUpdate.push(informer.getIndexer().getByKey(`default/${n.metadata!.name}`)?.metadata?.resourceVersion) });
  t.false(informer.hasSynced());
  informer.run();
  t.true(await waitForCacheSync([informer]));
  t.true(registration.hasSynced());
  t.is(watches.length, 1);
  t.is(watches[0]!.resourceVersion, '10');

  watches[0]!.handlers.onEvent('ADDED', cm('c', '11'));
  watches[0]!.handlers.onEvent('MODIFIED', cm('a', '12'));
  watches[0]!.handlers.onEvent('DELETED', cm('b', '13'));
  t.deepEqual(seen, ['add a@1 initial', 'add b@2 initial', 'add c@11', 'update a@1->12', 'delete b@13']);
  t.deepEqual(cacheAtUpdate, ['12']);
  t.deepEqual(informer.getIndexer().listKeys().sort(), ['default/a', 'default/c']);
});

test('a handler added after start first hears every cached object as an initial add', async (t) => {
  const { listWatch, lists } = fakeListWatch();
  lists.push({ items: [cm('a', '1'), cm('b', '2')], resourceVersion: '10' });
  const informer = new SharedIndexInformer(listWatch, { logger: silent });
  t.teardown(() => informer.stop());
  informer.run();
  await waitForCacheSync([informer]);
  const { seen, handler } = recording();
  informer.addEventHandler(handler);
  t.deepEqual(seen.sort(), ['add a@1 initial', 'add b@2 initial']);
});

test('after a 410 it lists again: kept objects are updates, new ones adds, vanished ones a tombstone with the last state', async (t) => {
  const { listWatch, lists, watches } = fakeListWatch();
  lists.push({ items: [cm('a', '1'), cm('b', '2')], resourceVersion: '10' });
  const informer = new SharedIndexInformer(listWatch, { logger: silent });
  t.teardown(() => informer.stop());
  const { seen, handler } = recording();
  informer.addEventHandler(handler);
  informer.run();
  await waitForCacheSync([informer]);
  seen.length = 0;

  lists.push({ items: [cm('a', '20'), cm('c', '21')], resourceVersion: '30' });
  watches[0]!.handlers.onGone({ code: 410, reason: 'Expired' });
  await until(() => watches.length === 2);
  t.is(watches[1]!.resourceVersion, '30');
  t.deepEqual(seen, ['update a@1->20', 'add c@21', 'tombstone default/b@2']);
  t.deepEqual(informer.getIndexer().listKeys().sort(), ['default/a', 'default/c']);
  t.is(deletionHandlingMetaNamespaceKeyFunc(new DeletedFinalStateUnknown('default/b', cm('b', '2'))), 'default/b');
});

test('a failed list is retried; lists are paged and the pages joined', async (t) => {
  const { listWatch, lists, listCalls } = fakeListWatch();
  lists.push(new Error('apiserver down'), { items: [cm('a', '1')], resourceVersion: '10', continue: 'next' }, { items: [cm('b', '2')], resourceVersion: '10' });
  const warnings: string[] = [];
  const informer = new SharedIndexInformer(listWatch, { logger: { warn: (_o, msg) => warnings.push(msg) } });
  t.teardown(() => informer.stop());
  informer.run();
  t.true(await waitForCacheSync([informer]));
  t.deepEqual(informer.getIndexer().listKeys().sort(), ['default/a', 'default/b']);
  t.deepEqual(listCalls, [{ limit: 500 }, { limit: 500 }, { limit: 500, continue: 'next' }]);
  t.deepEqual(warnings, ['failed to list; retrying']);
});

test('resync re-delivers every cached object as an update to itself; a failing handler does not silence the others', async (t) => {
  const { listWatch, lists } = fakeListWatch();
  lists.push({ items: [cm('a', '1')], resourceVersion: '10' });
  const warnings: string[] = [];
  const informer = new SharedIndexInformer(listWatch, { resyncPeriodMs: 20, logger: { warn: (_o, msg) => warnings.push(msg) } });
  t.teardown(() => informer.stop());
  informer.addEventHandler({ onAdd: () => { throw new Error('boom'); } }, 0);
  const { seen, handler } = recording();
  informer.addEventHandler(handler);
  informer.run();
  await until(() => seen.length >= 3);
  t.deepEqual(seen.slice(0, 3), ['add a@1 initial', 'update a@1->1', 'update a@1->1']);
  t.deepEqual(warnings, ['event handler failed']);
});

test('listers read the cache by namespace and label selector', async (t) => {
  const { listWatch, lists } = fakeListWatch();
  lists.push({ items: [cm('a', '1', { app: 'web' }), cm('b', '2', { app: 'db' }), cm('c', '3', { app: 'web' }, 'other')], resourceVersion: '10' });
  const informer = new SharedIndexInformer(listWatch, { logger: silent });
  t.teardown(() => informer.stop());
  informer.run();
  await waitForCacheSync([informer]);
  const lister = new Lister(informer.getIndexer());
  const web = { matches: (labels: Readonly<Record<string, string>> | undefined) => labels?.app === 'web' };
  t.deepEqual(lister.list(web).map((o) => o.metadata?.name).sort(), ['a', 'c']);
  t.deepEqual(lister.namespace('default').list(web).map((o) => o.metadata?.name), ['a']);
  t.deepEqual(lister.namespace('default').list().map((o) => o.metadata?.name).sort(), ['a', 'b']);
  t.is(lister.namespace('other').get('c')?.metadata?.name, 'c');
  t.is(lister.namespace('other').get('a'), undefined);
});
