import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, type KubeObject } from '@kubeling/client';
import { ManagedProcess, startApiServerOverStore, tsEntryArgs, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';

let cluster: ApiServerOverStore;
let client: ApiClient;
const schedulers: ManagedProcess[] = [];

test.before(async () => {
  cluster = await startApiServerOverStore();
  client = ApiClient.fromKubeconfig(cluster.api.kubeconfig);
});

test.after.always(async () => {
  for (const s of schedulers) await s.stop();
  client?.close();
  await cluster?.stop();
});

const LEASE = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-system', name: 'kube-scheduler' };
const POD = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '10m' } } }] } });
const pods = (name?: string) => ({ version: 'v1', resource: 'pods', namespace: 'default', name });

function startScheduler(name: string): { process: ManagedProcess; log: () => string } {
  const logFile = join(cluster.api.dataDir, `${name}.log`);
  const process_ = new ManagedProcess({
    command: process.execPath,
    args: [...tsEntryArgs('services/scheduler/src/main.ts'), '--kubeconfig', cluster.api.kubeconfig, '--leader-elect-lease-duration=2s', '--leader-elect-renew-deadline=1500ms', '--leader-elect-retry-period=300ms'],
    logFile,
  });
  schedulers.push(process_);
  return { process: process_, log: () => readFileSync(logFile, 'utf8') };
}

async function createAndWaitBound(names: string[]): Promise<void> {
  for (const name of names) await client.create(pods(), POD(name));
  await waitFor(async () => (await client.list<Pod & KubeObject>(pods())).items.filter((p) => names.includes(p.metadata!.name!) && p.spec?.nodeName).length === names.length, {
    timeoutMs: 60_000,
    what: `${names.length} pods bound`,
  });
}

test('of two schedulers one leads; killed with -9, the other takes over within the lease and no pod is bound twice', async (t) => {
  await client.create({ version: 'v1', resource: 'nodes' }, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { cpu: '8', memory: '8Gi', pods: '110' } } });
  const a = startScheduler('scheduler-a');
  const b = startScheduler('scheduler-b');
  const leading = (s: { log: () => string }) => s.log().includes('"msg":"started leading"');
  const first = await waitFor(() => (leading(a) ? a : leading(b) ? b : undefined), { timeoutMs: 60_000, what: 'a leader' });
  const standby = first === a ? b : a;
  t.false(leading(standby), 'only one leads');
  const holder = ((await client.get<KubeObject & { spec: { holderIdentity?: string } }>(LEASE)).spec.holderIdentity ?? '').split('_')[1];
  t.true(first.log().includes(holder), 'the Lease names the leader');

  await createAndWaitBound(Array.from({ length: 10 }, (_, i) => `before-${i}`));
  await first.process.kill9();
  await waitFor(() => leading(standby), { timeoutMs: 30_000, what: 'the standby to take over' });
  await createAndWaitBound(Array.from({ length: 10 }, (_, i) => `after-${i}`));

  const scheduledPerPod = async () => {
    const events = (await client.list<Event & KubeObject>({ version: 'v1', resource: 'events', namespace: 'default' })).items.filter((e) => e.reason === 'Scheduled');
    const perPod = new Map<string, number>();
    for (const e of events) perPod.set(e.involvedObject.name!, (perPod.get(e.involvedObject.name!) ?? 0) + (e.count ?? 1));
    return perPod;
  };
  // The new leader's events are written in the background; the killed one's last few may be lost.
  const perPod = await waitFor(async () => {
    const counts = await scheduledPerPod();
    return Array.from({ length: 10 }, (_, i) => `after-${i}`).every((name) => counts.has(name)) && counts;
  });
  t.true([...perPod.values()].every((n) => n === 1), 'no pod was bound twice');
  t.false(standby.log().includes('already assigned'), 'no binding lost a race');
});
