import test from 'ava';
import type { KubeObject } from './api-client.js';
import { Indexer, NAMESPACE_INDEX, labelIndexFunc, metaNamespaceKeyFunc, splitMetaNamespaceKey } from './indexer.js';

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
}

const pod = (namespace: string, name: string, nodeName?: string, labels: Record<string, string> = {}): Pod => ({ metadata: { namespace, name, labels }, spec: { nodeName } });
const names = (objs: KubeObject[]) => objs.map((o) => metaNamespaceKeyFunc(o)).sort();
const byNode = (p: Pod) => (p.spec?.nodeName ? [p.spec.nodeName] : []);

test('keys are namespace/name, or name for cluster-scoped objects, and split back', (t) => {
  t.is(metaNamespaceKeyFunc(pod('default', 'a')), 'default/a');
  t.is(metaNamespaceKeyFunc({ metadata: { name: 'node-1' } }), 'node-1');
  t.deepEqual(splitMetaNamespaceKey('default/a'), { namespace: 'default', name: 'a' });
  t.deepEqual(splitMetaNamespaceKey('node-1'), { namespace: '', name: 'node-1' });
  t.throws(() => splitMetaNamespaceKey('a/b/c'));
  t.throws(() => metaNamespaceKeyFunc({ metadata: {} }));
});

test('objects by key, and by namespace without any index function given', (t) => {
  const s = new Indexer<Pod>();
  s.add(pod('default', 'a'));
  s.add(pod('default', 'b'));
  s.add(pod('kube-system', 'c'));
  t.is(s.getByKey('default/a')?.metadata?.name, 'a');
  t.is(s.get(pod('kube-system', 'c'))?.metadata?.name, 'c');
  t.deepEqual(names(s.byIndex(NAMESPACE_INDEX, 'default')), ['default/a', 'default/b']);
  t.deepEqual(s.listKeys().sort(), ['default/a', 'default/b', 'kube-system/c']);
  t.deepEqual(s.listIndexFuncValues(NAMESPACE_INDEX).sort(), ['default', 'kube-system']);
  s.delete(pod('default', 'a'));
  t.is(s.getByKey('default/a'), undefined);
  t.deepEqual(names(s.byIndex(NAMESPACE_INDEX, 'default')), ['default/b']);
});

test('a custom index (spec.nodeName) follows updates: an object moves between values and leaves on delete', (t) => {
  const s = new Indexer<Pod>({ byNode });
  s.add(pod('default', 'a'));
  t.deepEqual(s.byIndex('byNode', 'n1'), [], 'unscheduled pods are under no node');
  s.update(pod('default', 'a', 'n1'));
  s.add(pod('default', 'b', 'n1'));
  s.add(pod('other', 'c', 'n2'));
  t.deepEqual(names(s.byIndex('byNode', 'n1')), ['default/a', 'default/b']);
  s.update(pod('default', 'a', 'n2'));
  t.deepEqual(names(s.byIndex('byNode', 'n1')), ['default/b']);
  t.deepEqual(names(s.byIndex('byNode', 'n2')), ['default/a', 'other/c']);
  t.deepEqual(names(s.index('byNode', pod('x', 'probe', 'n2'))), ['default/a', 'other/c'], 'objects sharing a value with the one given');
  s.deleteByKey('default/b');
  t.deepEqual(s.byIndex('byNode', 'n1'), []);
  t.deepEqual(s.listIndexFuncValues('byNode').sort(), ['n2'], 'empty values are dropped');
});

test('a label index, indexers added after objects, replace, and unknown index names', (t) => {
  const s = new Indexer<Pod>();
  s.add(pod('default', 'a', undefined, { app: 'web' }));
  s.add(pod('default', 'b', undefined, { app: 'db' }));
  s.add(pod('default', 'c'));
  s.addIndexers({ byApp: labelIndexFunc('app') });
  t.deepEqual(names(s.byIndex('byApp', 'web')), ['default/a'], 'existing objects are filed');
  t.throws(() => s.addIndexers({ byApp: labelIndexFunc('x') }), { message: 'indexer conflict: byApp' });
  s.replace([pod('default', 'd', undefined, { app: 'web' }), pod('other', 'e')]);
  t.deepEqual(names(s.list()), ['default/d', 'other/e']);
  t.deepEqual(names(s.byIndex('byApp', 'web')), ['default/d']);
  t.deepEqual(s.byIndex('byApp', 'db'), []);
  t.deepEqual(names(s.byIndex(NAMESPACE_INDEX, 'other')), ['other/e']);
  t.throws(() => s.byIndex('nope', 'x'), { message: 'Index with name nope does not exist' });
});
