import test from 'ava';
import { ApiClient, type KubeObject } from '@kubeling/client';
import { ManagedProcess, startApiServerOverStore, tsEntryArgs, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import type { Event, Node, Pod } from 'kubernetes-types/core/v1.js';
import { join } from 'node:path';

let cluster: ApiServerOverStore;
let client: ApiClient;
const schedulers: ManagedProcess[] = [];

function startScheduler(name: string, flags: string[] = []): ManagedProcess {
  const p = new ManagedProcess({
    command: process.execPath,
    args: [...tsEntryArgs('services/scheduler/src/main.ts'), '--kubeconfig', cluster.api.kubeconfig, ...flags],
    logFile: join(cluster.api.dataDir, `${name}.log`),
  });
  schedulers.push(p);
  return p;
}

test.before(async () => {
  cluster = await startApiServerOverStore();
  client = ApiClient.fromKubeconfig(cluster.api.kubeconfig);
  startScheduler('scheduler', ['--leader-elect=false']);
});

test.after.always(async () => {
  for (const s of schedulers) await s.stop();
  client?.close();
  await cluster?.stop();
});

const NODES = { version: 'v1', resource: 'nodes' };
const pods = (namespace: string, name?: string) => ({ version: 'v1', resource: 'pods', namespace, name });

function node(name: string, cpu: string, extra: { labels?: Record<string, string>; taints?: Node['spec'] } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
    spec: { ...extra.taints },
    status: { capacity: { cpu, memory: '8Gi', pods: '110' }, allocatable: { cpu, memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function pod(name: string, cpu: string, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu } } }], ...spec } };
}

async function namespace(name: string): Promise<string> {
  await client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const boundNode = async (ns: string, name: string) => (await client.get<Pod & KubeObject>(pods(ns, name))).spec?.nodeName;
const waitBound = (ns: string, name: string) => waitFor(() => boundNode(ns, name), { timeoutMs: 30_000, what: `pod ${ns}/${name} bound` });

test.serial('pods land where capacity, node selectors and taints say, with a Scheduled event', async (t) => {
  await client.create(NODES, node('small', '1', { labels: { disk: 'hdd' } }));
  await client.create(NODES, node('big', '8', { labels: { disk: 'ssd' } }));
  await client.create(NODES, node('tainted', '8', { taints: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }));
  const ns = await namespace('placement');
  await client.create(pods(ns), pod('needs-4-cpus', '4', { tolerations: [] }));
  await client.create(pods(ns), pod('wants-hdd', '100m', { nodeSelector: { disk: 'hdd' } }));
  await client.create(pods(ns), pod('tolerates', '100m', { nodeSelector: { 'kubernetes.io/hostname': 'tainted' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
  t.is(await waitBound(ns, 'needs-4-cpus'), 'big', 'only big has 4 cpus free without a toleration');
  t.is(await waitBound(ns, 'wants-hdd'), 'small');
  t.is(await waitBound(ns, 'tolerates'), 'tainted');
  // Events are written in the background, after the binding.
  const scheduled = await waitFor(async () => {
    const list = await client.list<Event & KubeObject>({ version: 'v1', resource: 'events', namespace: ns });
    return list.items.find((e) => e.reason === 'Scheduled' && e.involvedObject.name === 'wants-hdd');
  });
  t.like(scheduled, { type: 'Normal', message: `Successfully assigned ${ns}/wants-hdd to small`, source: { component: 'default-scheduler' } });
});

test.serial('a pod that fits nowhere stays Pending with PodScheduled=False and a FailedScheduling event naming why, node by node; freeing room binds it', async (t) => {
  const ns = await namespace('impossible');
  await client.create(pods(ns), pod('hog', '4'));
  t.is(await waitBound(ns, 'hog'), 'big');
  await client.create(pods(ns), pod('too-big', '4'));
  const condition = await waitFor(async () => (await client.get<Pod & KubeObject>(pods(ns, 'too-big'))).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'), {
    timeoutMs: 30_000,
    what: 'the Unschedulable condition',
  });
  t.is(condition.reason, 'Unschedulable');
  // The hog fills big; small is too small and tainted is tainted.
  t.is(condition.message, '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu.');
  const failed = await waitFor(async () => {
    const list = await client.list<Event & KubeObject>({ version: 'v1', resource: 'events', namespace: ns });
    return list.items.find((e) => e.reason === 'FailedScheduling' && e.involvedObject.name === 'too-big');
  });
  t.like(failed, { type: 'Warning', message: condition.message });
  t.is(await boundNode(ns, 'too-big'), undefined);
  // No kubelet confirms a graceful deletion here: delete at once, as a kubelet finally does.
  await client.delete(pods(ns, 'hog'), { gracePeriodSeconds: 0 });
  t.is(await waitBound(ns, 'too-big'), 'big');
});
