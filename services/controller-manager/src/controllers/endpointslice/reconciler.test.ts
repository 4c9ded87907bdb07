import test from 'ava';
import type { Node } from 'kubernetes-types/core/v1.js';
import { pod, service, type PodOptions } from '../../controller-utils/service-pods.fixtures.js';
import type { PodObject } from '../../controller-utils/service-pods.js';
import type { SliceObject } from './desired-endpoints.js';
import { planSlices, type ReconcileInput } from './reconciler.js';

const NODE: Node = { metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } } };
const svc = service('web', { labels: { team: 'a' } });

function plan(pods: PodObject[], existing: SliceObject[] = [], more: Partial<ReconcileInput> = {}) {
  return planSlices({ service: svc, pods, existing, nodeOf: (name) => (name === 'node-a' ? NODE : undefined), maxEndpointsPerSlice: 100, ...more });
}

const pods = (n: number, from = 0, o: PodOptions = {}) => Array.from({ length: n }, (_, i) => pod(`p${from + i}`, { ip: `10.1.${Math.floor((from + i) / 250)}.${(from + i) % 250}`, ...o }));

/** A created slice as the apiserver would return it. */
const stored = (slice: SliceObject, name: string): SliceObject => ({ ...slice, metadata: { ...slice.metadata, name, uid: `uid-${name}`, resourceVersion: '1', generation: 1 } });

test('a slice is made with generateName, the reserved labels, the service as controller, and endpoints with conditions, node, zone and pod reference', (t) => {
  const result = plan([pod('a', { ip: '10.0.0.1' }), pod('b', { ip: '10.0.0.2', ready: false }), pod('c', { ip: '10.0.0.3', deleting: true })]);
  t.is(result.create.length, 1);
  t.deepEqual(result.update, []);
  const slice = result.create[0]!;
  t.like(slice, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    addressType: 'IPv4',
    metadata: {
      generateName: 'web-',
      namespace: 'default',
      labels: { team: 'a', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
    },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  });
  t.deepEqual(slice.endpoints[0], {
    addresses: ['10.0.0.1'],
    conditions: { ready: true, serving: true, terminating: false },
    nodeName: 'node-a',
    zone: 'zone-1',
    targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
  });
  t.deepEqual(slice.endpoints[1]!.conditions, { ready: false, serving: false, terminating: false });
  // A terminating pod stays, not ready, serving by its readiness.
  t.deepEqual(slice.endpoints[2]!.conditions, { ready: false, serving: true, terminating: true });
});

test('at most maxEndpointsPerSlice endpoints a slice: 150 pods make two slices', (t) => {
  const result = plan(pods(150));
  t.deepEqual(result.create.map((s) => s.endpoints.length), [100, 50]);
});

test('pods resolving a named port differently go to different slices', (t) => {
  const named = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
  const result = plan([pod('a', { ip: '10.0.0.1', ports: [{ name: 'web', containerPort: 8080 }] }), pod('b', { ip: '10.0.0.2', ports: [{ name: 'web', containerPort: 9090 }] })], [], { service: named });
  t.deepEqual(result.create.map((s) => [s.ports![0]!.port, s.endpoints.map((e) => e.targetRef!.name)]).sort(), [
    [8080, ['a']],
    [9090, ['b']],
  ]);
});

test('a settled state plans nothing; a changed endpoint updates its slice in place; a new pod fills the slice that has room', (t) => {
  const first = plan(pods(150)).create.map((s, i) => stored(s, `web-${i}`));
  t.deepEqual(plan(pods(150), first), { create: [], update: [], delete: [], podsWithoutNode: [] });

  const changed = pods(150);
  changed[120] = pod('p120', { ip: '10.1.0.120', ready: false });
  const result = plan([...changed, ...pods(1, 150)], first);
  t.deepEqual(result.create, []);
  t.deepEqual(result.delete, []);
  t.deepEqual(result.update.map((s) => [s.metadata!.name, s.metadata!.resourceVersion, s.endpoints.length]), [['web-1', '1', 51]]);
});

test('an emptied slice is reused for endpoints that would need a new one; stale slices go; a service without endpoints keeps one placeholder', (t) => {
  const first = plan(pods(100)).create.map((s, i) => stored(s, `web-${i}`));
  // The 100 old pods are gone, 100 others came: the slice is rewritten rather than deleted and recreated.
  const replaced = plan(pods(100, 500), first);
  t.deepEqual(replaced.create, []);
  t.deepEqual(replaced.delete, []);
  t.deepEqual(replaced.update.map((s) => [s.metadata!.name, s.endpoints.length]), [['web-0', 100]]);

  const emptied = plan([], first);
  t.deepEqual(emptied.create, []);
  t.deepEqual(emptied.update.map((s) => [s.metadata!.name, s.endpoints.length, s.ports]), [['web-0', 0, []]]);
  const placeholder = stored(emptied.update[0]!, 'web-0');
  t.deepEqual(plan([], [placeholder]), { create: [], update: [], delete: [], podsWithoutNode: [] });
  t.deepEqual(plan([], []).create.map((s) => s.endpoints.length), [0]);
});

test('slices of an older service of the same name are deleted; a pod whose node is unknown is left out and reported', (t) => {
  const foreign = stored({ ...plan(pods(1)).create[0]!, metadata: { ...plan(pods(1)).create[0]!.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'old' }] } }, 'web-old');
  const result = plan([...pods(1), pod('lost', { ip: '10.9.9.9', nodeName: 'node-gone' })], [foreign]);
  t.deepEqual(result.delete.map((s) => s.metadata!.name), ['web-old']);
  t.is(result.create.length, 1);
  t.deepEqual(result.create[0]!.endpoints.map((e) => e.targetRef!.name), ['p0']);
  t.deepEqual(result.podsWithoutNode, ['lost']);
});
