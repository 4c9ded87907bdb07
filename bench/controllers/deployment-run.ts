// One measured run: hollow nodes, the scheduler and the controller-manager; a Deployment of
// REPLICAS created, then rolled to a new image. A pod watch times every pod's creation.
import { Watcher, type ApiClient, type KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import { baselineCreatesPerSec } from '../lib/create-pods.js';
import { startHollowCluster } from '../lib/hollow-cluster.js';
import { nowMs } from '../lib/latency-recorder.js';
import { cpuSeconds } from '../lib/proc-stats.js';

export interface PhaseFigures {
  /** Pods created per second, first write to last pod seen. */
  createdPerSec: number;
  /** Until the Deployment reported every replica updated and available. */
  completeSeconds: number;
  /** The controller-manager's CPU time per pod created (in a rollout that includes deleting an old one). */
  cpuUsPerPod: number;
  cores: Record<string, number>;
}

export interface RunFigures {
  replicas: number;
  nodes: number;
  /** Plain pod creates per second by CLIENTS clients in the same run: the apiserver's own pace. */
  baselinePerSec: number;
  create: PhaseFigures;
  rollout: PhaseFigures;
}

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'bench' };

/** The fields of a Deployment this benchmark writes and reads. */
interface Deployment extends KubeObject {
  metadata?: KubeObject['metadata'] & { generation?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

const deployment = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } },
  },
});

/** Counts pod creations in the namespace from a watch, and when the last one was seen. */
function watchCreations(client: ApiClient, list: { resourceVersion: string }, log: (line: string) => void) {
  const seen = { count: 0, last: 0 };
  const watcher = new Watcher<KubeObject>(client, { version: 'v1', resource: 'pods', namespace: 'bench' }, { resourceVersion: list.resourceVersion }, {
    onEvent: (type) => {
      if (type !== 'ADDED') return;
      seen.count++;
      seen.last = nowMs();
    },
    onGone: () => log('  the pod watch was told 410; figures are partial'),
  });
  return { seen, stop: () => watcher.stop() };
}

function rolledOut(d: Deployment, replicas: number): boolean {
  const s = d.status;
  return (d.metadata?.generation ?? 0) <= (s?.observedGeneration ?? -1) && s?.updatedReplicas === replicas && s?.replicas === replicas && s?.availableReplicas === replicas;
}

async function phase(client: ApiClient, pids: Record<string, number>, expectPods: number, replicas: number, log: (line: string) => void, act: () => Promise<void>): Promise<PhaseFigures & { podsSeen: number }> {
  const list = await client.list({ version: 'v1', resource: 'pods', namespace: 'bench' }, { limit: 1 });
  const { seen, stop } = watchCreations(client, list, log);
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const t0 = nowMs();
  await act();
  await waitFor(() => seen.count >= expectPods, { timeoutMs: 600_000, intervalMs: 100, what: `${expectPods} pods created` });
  await waitFor(async () => rolledOut(await client.get<Deployment>({ ...DEPLOYMENTS, name: 'web' }), replicas), { timeoutMs: 600_000, intervalMs: 250, what: 'the deployment complete' });
  const seconds = (nowMs() - t0) / 1000;
  stop();
  const used = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) - cpu0[name]!]));
  return {
    createdPerSec: seen.count / ((seen.last - t0) / 1000),
    completeSeconds: seconds,
    cpuUsPerPod: (used['controller-manager']! / seen.count) * 1e6,
    cores: Object.fromEntries(Object.entries(used).map(([name, s]) => [name, s / seconds])),
    podsSeen: seen.count,
  };
}

export async function deploymentRun(nodes: number, replicas: number, clients: number, log: (line: string) => void): Promise<RunFigures> {
  const cluster = await startHollowCluster(nodes, log);
  const { client } = cluster;
  try {
    for (const ns of ['baseline', 'bench']) await client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const baselinePerSec = await baselineCreatesPerSec(client, 'baseline', replicas, clients);
    await cluster.start('scheduler', ['--leader-elect=false'], 'caches synced');
    await cluster.start('controller-manager', ['--leader-elect=false'], 'caches synced; controllers running');

    const create = await phase(client, cluster.pids, replicas, replicas, log, async () => {
      await client.create(DEPLOYMENTS, deployment(replicas));
    });
    log(`  create: ${create.podsSeen} pods, ${create.createdPerSec.toFixed(0)} pods/s, complete in ${create.completeSeconds.toFixed(1)} s`);
    const rollout = await phase(client, cluster.pids, replicas, replicas, log, async () => {
      await client.patch({ ...DEPLOYMENTS, name: 'web' }, 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'busybox:2' }] } } } });
    });
    log(`  rollout: ${rollout.podsSeen} new pods, ${rollout.createdPerSec.toFixed(0)} pods/s, complete in ${rollout.completeSeconds.toFixed(1)} s`);
    return { replicas, nodes, baselinePerSec, create, rollout };
  } finally {
    await cluster.stop();
  }
}
