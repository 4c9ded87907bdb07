// The Endpoints and EndpointSlice controllers in-process against a real store and apiserver.
// Pods are created bound to a node (a Node object, no kubelet) and their status written
// through the status subresource, so no scheduler is needed; a graceful delete then leaves
// them terminating until they are deleted with grace 0.
import test from 'ava';
import { isNotFound, type KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import type { ContainerPort, Endpoints, ServicePort } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { pino } from 'pino';
import { EndpointsController } from '../src/controllers/endpoints/controller.js';
import { EndpointSliceController } from '../src/controllers/endpointslice/controller.js';
import { useCluster } from './cluster-fixture.js';
import { runForFile } from './in-process.js';

const fixture = useCluster();

const PODS = { version: 'v1', resource: 'pods' };
const SERVICES = { version: 'v1', resource: 'services' };
const ENDPOINTS = { version: 'v1', resource: 'endpoints' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const WAIT = { timeoutMs: 90_000, intervalMs: 200 };

test.before(async () => {
  const { client } = fixture;
  await client.create({ version: 'v1', resource: 'nodes' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-1' } } });
  const log = pino({ level: 'silent' });
  runForFile(fixture, (factory) => [
    [new EndpointsController(client, factory, log), 3],
    [new EndpointSliceController(client, factory, {}, log), 3],
  ]);
});

async function namespace(name: string): Promise<string> {
  await fixture.client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

interface PodSpec {
  ip: string;
  ready?: boolean;
  labels?: Record<string, string>;
  ports?: ContainerPort[];
}

async function setReady(ns: string, name: string, ready: boolean): Promise<void> {
  await fixture.client.patch({ ...PODS, namespace: ns, name, subresource: 'status' }, 'merge', { status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
}

/** A pod on node-a, Running with its IP and Ready condition as a kubelet would report them. */
async function runPod(ns: string, name: string, spec: PodSpec): Promise<void> {
  const containers = [{ name: 'app', image: 'registry.k8s.io/pause:3.10', ports: spec.ports ?? [] }];
  await fixture.client.create({ ...PODS, namespace: ns }, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: spec.labels ?? { app: 'web' } }, spec: { nodeName: 'node-a', containers } });
  const conditions = [{ type: 'Ready', status: spec.ready === false ? 'False' : 'True' }];
  await fixture.client.patch({ ...PODS, namespace: ns, name, subresource: 'status' }, 'merge', { status: { phase: 'Running', podIP: spec.ip, podIPs: [{ ip: spec.ip }], conditions } });
}

async function createService(ns: string, name: string, selector: Record<string, string> | undefined, ports: ServicePort[] = [{ name: 'http', port: 80, targetPort: 8080 }]): Promise<void> {
  await fixture.client.create({ ...SERVICES, namespace: ns }, { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { team: 'web' } }, spec: { ...(selector ? { selector } : {}), ports } });
}

async function endpointsOf(ns: string, name: string): Promise<(Endpoints & KubeObject) | undefined> {
  try {
    return await fixture.client.get<Endpoints & KubeObject>({ ...ENDPOINTS, namespace: ns, name });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function slicesOf(ns: string, service: string): Promise<Array<EndpointSlice & KubeObject>> {
  return (await fixture.client.list<EndpointSlice & KubeObject>({ ...SLICES, namespace: ns }, { labelSelector: `kubernetes.io/service-name=${service}` })).items;
}

/** The pod names in the Endpoints' addresses and notReadyAddresses, once they are as wanted. */
async function waitForAddresses(ns: string, name: string, ready: string[], notReady: string[]): Promise<Endpoints & KubeObject> {
  const names = (list: Array<{ targetRef?: { name?: string } }> | undefined) => (list ?? []).map((a) => a.targetRef?.name).sort();
  return waitFor(
    async () => {
      const ep = await endpointsOf(ns, name);
      const subsets = ep?.subsets ?? [];
      const got = [names(subsets.flatMap((s) => s.addresses ?? [])), names(subsets.flatMap((s) => s.notReadyAddresses ?? []))];
      return JSON.stringify(got) === JSON.stringify([ready.sort(), notReady.sort()]) && ep;
    },
    { ...WAIT, what: `endpoints ${ns}/${name} ready=${ready} notReady=${notReady}` },
  );
}

/** Pod name -> conditions across the service's slices, once `check` accepts them. */
async function waitForSliceEndpoints(ns: string, service: string, check: (byPod: Record<string, unknown>) => boolean) {
  return waitFor(
    async () => {
      const slices = await slicesOf(ns, service);
      const byPod = Object.fromEntries(slices.flatMap((s) => s.endpoints).map((e) => [e.targetRef!.name!, e.conditions]));
      return check(byPod) && { slices, byPod };
    },
    { ...WAIT, what: `endpoint slices of ${ns}/${service}` },
  );
}

test.serial('a service gets Endpoints and EndpointSlices of its pods, following readiness, labels and deletion', async (t) => {
  const ns = await namespace('follow');
  await runPod(ns, 'a', { ip: '10.1.0.1' });
  await runPod(ns, 'b', { ip: '10.1.0.2' });
  await runPod(ns, 'c', { ip: '10.1.0.3', ready: false });
  await runPod(ns, 'other', { ip: '10.1.0.9', labels: { app: 'db' } });
  await createService(ns, 'web', { app: 'web' });

  const ep = await waitForAddresses(ns, 'web', ['a', 'b'], ['c']);
  t.deepEqual(ep.metadata?.labels, { team: 'web' });
  t.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.deepEqual(ep.subsets?.[0]?.addresses?.[0], { ip: '10.1.0.1', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: ns, name: 'a', uid: (await fixture.client.get({ ...PODS, namespace: ns, name: 'a' })).metadata!.uid } });

  const { slices } = await waitForSliceEndpoints(ns, 'web', (p) => Object.keys(p).length === 3);
  t.is(slices.length, 1);
  const slice = slices[0]!;
  const svc = await fixture.client.get({ ...SERVICES, namespace: ns, name: 'web' });
  t.like(slice, { addressType: 'IPv4', metadata: { generateName: 'web-', labels: { team: 'web', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } } });
  t.deepEqual(slice.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata!.uid, controller: true, blockOwnerDeletion: true }]);
  t.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  const a = slice.endpoints.find((e) => e.targetRef?.name === 'a')!;
  t.like(a, { addresses: ['10.1.0.1'], nodeName: 'node-a', zone: 'zone-1', conditions: { ready: true, serving: true, terminating: false } });
  t.deepEqual(slice.endpoints.find((e) => e.targetRef?.name === 'c')!.conditions, { ready: false, serving: false, terminating: false });

  // Readiness moves pods between addresses and notReadyAddresses.
  await setReady(ns, 'c', true);
  await setReady(ns, 'b', false);
  await waitForAddresses(ns, 'web', ['a', 'c'], ['b']);
  await waitForSliceEndpoints(ns, 'web', (p) => JSON.stringify(p.b) === JSON.stringify({ ready: false, serving: false, terminating: false }) && (p.c as { ready: boolean }).ready);

  // A pod relabelled out of the selector leaves; one relabelled into it joins.
  await fixture.client.patch({ ...PODS, namespace: ns, name: 'a' }, 'merge', { metadata: { labels: { app: 'db' } } });
  await fixture.client.patch({ ...PODS, namespace: ns, name: 'other' }, 'merge', { metadata: { labels: { app: 'web' } } });
  await waitForAddresses(ns, 'web', ['c', 'other'], ['b']);
  await waitForSliceEndpoints(ns, 'web', (p) => !('a' in p) && 'other' in p);

  // A graceful delete: the pod leaves the Endpoints, and stays in the slice as terminating (serving by its readiness).
  await fixture.client.delete({ ...PODS, namespace: ns, name: 'c' });
  await waitForAddresses(ns, 'web', ['other'], ['b']);
  await waitForSliceEndpoints(ns, 'web', (p) => JSON.stringify(p.c) === JSON.stringify({ ready: false, serving: true, terminating: true }));
  await fixture.client.delete({ ...PODS, namespace: ns, name: 'c' }, { gracePeriodSeconds: 0 });
  await waitForSliceEndpoints(ns, 'web', (p) => !('c' in p) && Object.keys(p).length === 2);
  t.pass();
});

test.serial('a named targetPort resolves to each pod\'s own container port; a pod without it is left out of that port', async (t) => {
  const ns = await namespace('named');
  await runPod(ns, 'p8080', { ip: '10.2.0.1', ports: [{ name: 'web', containerPort: 8080 }] });
  await runPod(ns, 'p9090', { ip: '10.2.0.2', ports: [{ name: 'web', containerPort: 9090 }] });
  await runPod(ns, 'none', { ip: '10.2.0.3' });
  await createService(ns, 'named', { app: 'web' }, [{ name: 'http', port: 80, targetPort: 'web' }]);

  const ep = await waitForAddresses(ns, 'named', ['p8080', 'p9090'], []);
  const byPort = Object.fromEntries(ep.subsets!.map((s) => [s.ports![0]!.port, s.addresses!.map((a) => a.targetRef!.name)]));
  t.deepEqual(byPort, { 8080: ['p8080'], 9090: ['p9090'] });

  // The slices: one per resolved port set, and one without ports for the pod that resolves none.
  const { slices } = await waitForSliceEndpoints(ns, 'named', (p) => Object.keys(p).length === 3);
  const slicePorts = slices.map((s) => [s.ports?.[0]?.port ?? null, s.endpoints.map((e) => e.targetRef!.name)]).sort();
  t.deepEqual(slicePorts, [
    [null, ['none']],
    [8080, ['p8080']],
    [9090, ['p9090']],
  ]);
});

test.serial('a service without a selector keeps the Endpoints its user wrote and gets no slices', async (t) => {
  const ns = await namespace('manual');
  await createService(ns, 'external', undefined);
  const written = await fixture.client.create<Endpoints & KubeObject>({ ...ENDPOINTS, namespace: ns }, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 8080 }] }] });
  await runPod(ns, 'a', { ip: '10.3.0.1' });
  // A service with a selector in the same namespace, synced after: the controllers have seen the namespace's events.
  await createService(ns, 'web', { app: 'web' });
  await waitForAddresses(ns, 'web', ['a'], []);
  await waitForSliceEndpoints(ns, 'web', (p) => 'a' in p);

  const now = await endpointsOf(ns, 'external');
  t.is(now?.metadata?.resourceVersion, written.metadata?.resourceVersion);
  t.deepEqual(now?.subsets, written.subsets);
  t.deepEqual(await slicesOf(ns, 'external'), []);
});

test.serial('150 pods: Endpoints list them all, EndpointSlices split them 100 + 50; deleting the service removes both', async (t) => {
  const ns = await namespace('many');
  await createService(ns, 'big', { app: 'web' });
  const names = Array.from({ length: 150 }, (_, i) => `p${i}`);
  for (let i = 0; i < names.length; i += 25) {
    await Promise.all(names.slice(i, i + 25).map((name, j) => runPod(ns, name, { ip: `10.4.${Math.floor((i + j) / 100)}.${(i + j) % 100}` })));
  }
  await waitForAddresses(ns, 'big', names, []);
  const { slices } = await waitForSliceEndpoints(ns, 'big', (p) => Object.keys(p).length === 150);
  t.deepEqual(slices.map((s) => s.endpoints.length).sort((x, y) => x - y), [50, 100]);

  await fixture.client.delete({ ...SERVICES, namespace: ns, name: 'big' });
  await waitFor(async () => (await endpointsOf(ns, 'big')) === undefined, { ...WAIT, what: 'endpoints deleted' });
  await waitFor(async () => (await slicesOf(ns, 'big')).length === 0, { ...WAIT, what: 'slices deleted' });
  t.pass();
});
