// The namespace controller across processes: a store and apiserver, a hollow node that finishes
// graceful pod deletions, and the controller-manager running only namespace-controller.
// Deleting a namespace deletes all its content (pods on the node gracefully), then the namespace.
import test from 'ava';
import { isNotFound, type KubeObject, type ResourceRef } from '@kubeling/client';
import { waitFor, waitForLog } from '@kubeling/testing';
import type { Namespace, NamespaceCondition } from 'kubernetes-types/core/v1.js';
import { useCluster } from './cluster-fixture.js';

const fixture = useCluster();
const WAIT = { timeoutMs: 120_000, intervalMs: 500 };

test.before(async () => {
  const node = fixture.start('hollow-node', ['--count', '1']);
  const manager = fixture.start('controller-manager', ['--controllers', 'namespace-controller', '--leader-elect=false']);
  await waitForLog(node, 'hollow nodes registered', 90_000);
  await waitForLog(manager, 'caches synced; controllers running', 90_000);
});

const NODE = 'hollow-node-0';
const at = (resource: string, namespace: string, group = ''): ResourceRef => ({ group, version: 'v1', resource, namespace });
const namespaceRef = (name: string): ResourceRef => ({ version: 'v1', resource: 'namespaces', name });
const createNamespace = (name: string) => fixture.client.create(namespaceRef(''), { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (name: string, nodeName?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'nginx' }] } });
const namespaceGone = (name: string) => () => fixture.client.get(namespaceRef(name)).then(() => false, (err: unknown) => isNotFound(err));
const conditionsOf = async (name: string) => ((await fixture.client.get<Namespace & KubeObject>(namespaceRef(name))).status?.conditions ?? []) as NamespaceCondition[];

test.serial('kubectl delete namespace returns once the deployment, configmaps, service and pods (two terminating on a node) are gone, then the namespace', async (t) => {
  const ns = 'doomed';
  await createNamespace(ns);
  await fixture.client.create(at('deployments', ns, 'apps'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  for (const name of ['one', 'two']) await fixture.client.create(at('configmaps', ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name } });
  await fixture.client.create(at('services', ns), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  await fixture.client.create(at('serviceaccounts', ns), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' } });
  await fixture.client.create(at('pods', ns), pod('pending'));
  for (const name of ['bound-1', 'bound-2']) await fixture.client.create(at('pods', ns), pod(name, NODE));
  await waitFor(async () => (await fixture.client.list(at('pods', ns))).items.filter((p) => (p.status as { phase?: string }).phase === 'Running').length === 2, { ...WAIT, what: 'the bound pods running' });

  const deleted = await fixture.kubectl(['delete', 'namespace', ns]);
  t.is(deleted.code, 0, deleted.stderr);
  t.is(deleted.stdout.trim(), `namespace "${ns}" deleted`);
  t.true(await namespaceGone(ns)());
  for (const [resource, group] of [['deployments', 'apps'], ['configmaps', ''], ['services', ''], ['serviceaccounts', ''], ['pods', '']] as const) {
    t.deepEqual((await fixture.client.list(at(resource, ns, group))).items, [], `${resource} left in ${ns}`);
  }
});

test.serial('content held by a finalizer keeps the namespace Terminating with the conditions that say why; releasing it lets the namespace go', async (t) => {
  const ns = 'held';
  await createNamespace(ns);
  await fixture.client.create(at('configmaps', ns), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', finalizers: ['example.com/hold'] } });
  const deleted = await fixture.kubectl(['delete', 'namespace', ns, '--wait=false']);
  t.is(deleted.code, 0, deleted.stderr);

  const conditions = await waitFor(
    async () => {
      const found = await conditionsOf(ns);
      return found.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ? found : undefined;
    },
    { ...WAIT, what: 'the NamespaceFinalizersRemaining condition' },
  );
  t.like(conditions.find((c) => c.type === 'NamespaceContentRemaining'), { status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances' });
  t.like(conditions.find((c) => c.type === 'NamespaceFinalizersRemaining'), { reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' });
  t.like(conditions.find((c) => c.type === 'NamespaceDeletionContentFailure'), { status: 'False', reason: 'ContentDeleted' });
  const shown = await fixture.kubectl(['get', 'namespace', ns]);
  t.regex(shown.stdout, /^held\s+Terminating\s+\d+s$/m);
  t.truthy((await fixture.client.get({ ...at('configmaps', ns), name: 'kept' })).metadata?.deletionTimestamp, 'the controller deleted it; its finalizer holds it');

  await fixture.client.patch({ ...at('configmaps', ns), name: 'kept' }, 'merge', { metadata: { finalizers: null } });
  await waitFor(namespaceGone(ns), { ...WAIT, what: `namespace ${ns} to go` });
  t.pass();
});
