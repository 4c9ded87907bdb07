import test from 'ava';
import { ApiClient, isNotFound, type KubeObject } from '@kubeling/client';
import { startApiServerOverStore, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { destination, pino } from 'pino';
import { HollowNodes, type HollowNodesOptions } from '../src/hollow/hollow-nodes.js';

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;
type LeaseObject = Lease & KubeObject;

const COUNT = 20;
const PREFIX = 'hollow-node-';

let cluster: ApiServerOverStore | undefined;
let client: ApiClient;
let hollow: HollowNodes;

const options: HollowNodesOptions = {
  count: COUNT,
  namePrefix: PREFIX,
  zones: 3,
  nodeStatusUpdateFrequencyMs: 300,
  nodeLeaseRenewIntervalMs: 200,
  log: pino({ level: process.env.HOLLOW_LOG ?? 'warn' }, destination(2)),
};

const nodesRef = (name?: string) => ({ version: 'v1', resource: 'nodes', name });
const leasesRef = (name?: string) => ({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease', name });
const podsRef = (name?: string) => ({ version: 'v1', resource: 'pods', namespace: 'default', name });

const hollowNodes = async () => (await client.list<NodeObject>(nodesRef())).items.filter((n) => n.metadata!.name!.startsWith(PREFIX));
const hollowLeases = async () => (await client.list<LeaseObject>(leasesRef())).items.filter((l) => l.metadata!.name!.startsWith(PREFIX));

function createPod(name: string, nodeName: string): Promise<PodObject> {
  return client.create<PodObject>(podsRef(), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
  });
}

/** The pod once it is Running, read from the apiserver. */
function running(name: string): Promise<PodObject> {
  return waitFor(
    async () => {
      const pod = await client.get<PodObject>(podsRef(name));
      return pod.status?.phase === 'Running' ? pod : undefined;
    },
    { what: `pod ${name} running` },
  );
}

test.before(async () => {
  cluster = await startApiServerOverStore();
  const { api } = cluster;
  client = new ApiClient({ endpoints: [api.grpcEndpoint], caCertPem: api.caCertPem, ...api.admin });
  hollow = new HollowNodes(client, options);
  await hollow.start();
});

test.after.always(async () => {
  await hollow?.stop();
  client?.close();
  await cluster?.stop();
});

test.serial('N nodes register Ready, with the kubelet labels, a zone each, and a lease each held by the node', async (t) => {
  const nodes = await hollowNodes();
  t.is(nodes.length, COUNT);
  t.deepEqual(nodes.map((n) => n.metadata!.name).sort(), [...hollow.nodeNames].sort());
  for (const node of nodes) {
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    t.like(ready, { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    t.like(node.metadata?.labels, { 'kubernetes.io/hostname': node.metadata!.name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
    t.deepEqual(node.status?.allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
  }
  t.deepEqual(new Set(nodes.map((n) => n.metadata!.labels!['topology.kubernetes.io/zone'])), new Set(['zone-0', 'zone-1', 'zone-2']));

  const leases = await hollowLeases();
  t.is(leases.length, COUNT);
  for (const lease of leases) {
    t.is(lease.spec?.holderIdentity, lease.metadata!.name);
    t.is(lease.spec?.leaseDurationSeconds, 40);
    t.regex(lease.spec!.renewTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  }
});

test.serial('leases are renewed and node conditions heartbeated', async (t) => {
  const name = hollow.nodeNames[7]!;
  const renewed = (await client.get<LeaseObject>(leasesRef(name))).spec!.renewTime!;
  const heartbeat = (await client.get<NodeObject>(nodesRef(name))).status!.conditions!.find((c) => c.type === 'Ready')!;
  await waitFor(async () => (await client.get<LeaseObject>(leasesRef(name))).spec!.renewTime! > renewed, { what: 'a lease renewal' });
  const later = await waitFor(
    async () => {
      const ready = (await client.get<NodeObject>(nodesRef(name))).status!.conditions!.find((c) => c.type === 'Ready')!;
      return ready.lastHeartbeatTime! > heartbeat.lastHeartbeatTime! ? ready : undefined;
    },
    { what: 'a node status heartbeat' },
  );
  t.is(later.lastTransitionTime, heartbeat.lastTransitionTime, 'a heartbeat is no transition');
  t.is(later.status, 'True');
});

test.serial('a pod bound to a hollow node becomes Running and ready, with a pod IP from its node', async (t) => {
  const created = await createPod('web-0', `${PREFIX}0`);
  const pod = await running('web-0');
  t.like(pod.status, { hostIP: '127.0.0.1' });
  t.regex(pod.status!.podIP!, /^10\.128\.0\.\d+$/);
  t.deepEqual(pod.status!.podIPs, [{ ip: pod.status!.podIP }]);
  t.truthy(pod.status!.startTime);
  for (const type of ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready']) {
    t.is(pod.status!.conditions!.find((c) => c.type === type)?.status, 'True', type);
  }
  t.like(pod.status!.containerStatuses![0], {
    name: 'app',
    ready: true,
    started: true,
    restartCount: 0,
    image: 'registry.k8s.io/pause:3.10',
    containerID: `hollow://${created.metadata!.uid}/app`,
  });
  t.truthy(pod.status!.containerStatuses![0]!.state?.running?.startedAt);
  t.truthy(pod.status!.containerStatuses![0]!.imageID);
});

test.serial('distinct pods get distinct pod IPs, each in its node range', async (t) => {
  const placements = Array.from({ length: 12 }, (_, i) => ({ name: `spread-${i}`, node: i % 4 }));
  await Promise.all(placements.map((p) => createPod(p.name, `${PREFIX}${p.node}`)));
  const pods = await Promise.all(placements.map((p) => running(p.name)));
  const ips = pods.map((p) => p.status!.podIP!);
  t.is(new Set([...ips, (await client.get<PodObject>(podsRef('web-0'))).status!.podIP]).size, ips.length + 1);
  placements.forEach((p, i) => t.regex(ips[i]!, new RegExp(`^10\\.128\\.${p.node}\\.\\d+$`)));
});

test.serial('a pod deleted gracefully is confirmed gone by its hollow node', async (t) => {
  await createPod('doomed', `${PREFIX}5`);
  await running('doomed');
  const marked = await client.delete<PodObject>(podsRef('doomed'));
  t.truthy(marked.metadata?.deletionTimestamp, 'a bound pod is only marked for deletion by the apiserver');
  await waitFor(() => client.get(podsRef('doomed')).then(() => false, (err: unknown) => isNotFound(err)), { what: 'the pod gone' });
  t.pass();
});

test.serial('a new process takes the nodes over: running pods are left alone, pending ones are run, no IP is given twice', async (t) => {
  await hollow.stop();
  const before = await client.get<PodObject>(podsRef('web-0'));
  await createPod('while-away', `${PREFIX}0`);
  hollow = new HollowNodes(client, options);
  await hollow.start();
  const pod = await running('while-away');
  t.not(pod.status!.podIP, before.status!.podIP);
  t.regex(pod.status!.podIP!, /^10\.128\.0\.\d+$/);
  t.is((await client.get<PodObject>(podsRef('web-0'))).metadata!.resourceVersion, before.metadata!.resourceVersion, 'the running pod was not written');
  t.is((await hollowNodes()).length, COUNT);
});

test.serial('stop() then deleteNodes() leaves no hollow nodes and no leases', async (t) => {
  await hollow.stop();
  await hollow.deleteNodes();
  t.deepEqual(await hollowNodes(), []);
  t.deepEqual(await hollowLeases(), []);
});
