import test from 'ava';
import type { KubeObject, ResourceRef } from '@kubeling/client';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { classifyReferences, NamespacedOwnerOfClusterScopedObjectError } from './classify-references.js';
import type { ObjectIdentity } from './graph.js';
import { ResourceMapper, RestMappingError } from './resource-mapper.js';

const mapper = new ResourceMapper();
const at = (ref: ResourceRef) => `${ref.resource}/${ref.namespace ?? ''}/${ref.name}`;

/** A live GET over a fixed set of objects, recording what was asked for. */
function liveGet(objects: Record<string, KubeObject>) {
  const asked: string[] = [];
  const get = async (ref: ResourceRef) => {
    asked.push(at(ref));
    return objects[at(ref)];
  };
  return { get, asked };
}

const pod: ObjectIdentity = { apiVersion: 'v1', kind: 'Pod', namespace: 'ns1', name: 'p', uid: 'pod-1' };
const rsRef = (name: string, uid: string): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid });
const live = (uid: string, meta: Record<string, unknown> = {}): KubeObject => ({ metadata: { uid, ...meta } });

test('solid, dangling (absent or another uid) and waiting-for-dependents owners, each confirmed by a GET in the dependent namespace', async (t) => {
  const { get, asked } = liveGet({
    'replicasets/ns1/solid': live('u-solid'),
    'replicasets/ns1/recreated': live('u-new'),
    'replicasets/ns1/foreground': live('u-fg', { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] }),
    'replicasets/ns1/orphaning': live('u-or', { deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan'] }),
  });
  const refs = [rsRef('solid', 'u-solid'), rsRef('absent', 'u-absent'), rsRef('recreated', 'u-old'), rsRef('foreground', 'u-fg'), rsRef('orphaning', 'u-or')];
  const got = await classifyReferences(pod, refs, mapper, get);
  t.deepEqual(got.solid.map((r) => r.name), ['solid', 'orphaning'], 'an owner being deleted without foregroundDeletion still counts');
  t.deepEqual(got.dangling.map((r) => r.name), ['absent', 'recreated']);
  t.deepEqual(got.waitingForDependentsDeletion.map((r) => r.name), ['foreground']);
  t.deepEqual(asked, ['replicasets/ns1/solid', 'replicasets/ns1/absent', 'replicasets/ns1/recreated', 'replicasets/ns1/foreground', 'replicasets/ns1/orphaning']);
});

test('a cluster-scoped owner is looked up without a namespace', async (t) => {
  const { get, asked } = liveGet({ 'nodes//n1': live('node-1') });
  const got = await classifyReferences(pod, [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-1' }], mapper, get);
  t.is(got.solid.length, 1);
  t.deepEqual(asked, ['nodes//n1']);
});

test('a cluster-scoped object naming a namespaced owner, and an unknown kind, are errors rather than verdicts', async (t) => {
  const { get } = liveGet({});
  const node: ObjectIdentity = { apiVersion: 'v1', kind: 'Node', namespace: '', name: 'n1', uid: 'node-1' };
  await t.throwsAsync(classifyReferences(node, [rsRef('rs', 'u')], mapper, get), { instanceOf: NamespacedOwnerOfClusterScopedObjectError });
  await t.throwsAsync(classifyReferences(pod, [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: 'w' }], mapper, get), { instanceOf: RestMappingError });
});

test('events and leases are not watched; every other listable, watchable, deletable resource is', (t) => {
  const names = mapper.monitored().map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));
  t.false(names.includes('events'));
  t.false(names.includes('leases.coordination.k8s.io'));
  for (const name of ['pods', 'configmaps', 'namespaces', 'nodes', 'replicasets.apps', 'deployments.apps', 'endpointslices.discovery.k8s.io']) t.true(names.includes(name), name);
});
