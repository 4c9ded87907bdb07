// One measured run: a fresh store and apiserver, N hollow nodes in one process, the scheduler,
// then PODS pods created at once; a watch sees each one bound.
import { Watcher, type KubeObject } from '@kubeling/client';
import { waitFor } from '@kubeling/testing';
import { baselineCreatesPerSec, createPods } from '../lib/create-pods.js';
import { startHollowCluster } from '../lib/hollow-cluster.js';
import { LatencyRecorder, nowMs } from '../lib/latency-recorder.js';
import { cpuSeconds } from '../lib/proc-stats.js';

export interface RunFigures {
  nodes: number;
  pods: number;
  /** Pods created per second with no scheduler running: the apiserver's own pace, the baseline. */
  createPerSec: number;
  /** Pods bound per second, from the first create to the last binding seen. */
  boundPerSec: number;
  /** Create sent → binding seen, per pod. */
  p50Ms: number;
  p99Ms: number;
  /** The scheduler's CPU time per pod bound. */
  schedulerCpuUsPerPod: number;
  /** Cores each process used while the pods were created and bound (bench: this process, creating and watching). */
  cores: Record<string, number>;
}

type PodObject = KubeObject & { spec?: { nodeName?: string } };

export async function clusterRun(nodes: number, pods: number, concurrency: number, log: (line: string) => void): Promise<RunFigures> {
  const cluster = await startHollowCluster(nodes, log);
  const { client } = cluster;
  try {
    for (const ns of ['baseline', 'bench']) await client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const createPerSec = await baselineCreatesPerSec(client, 'baseline', pods, concurrency);
    const scheduler = await cluster.start('scheduler', ['--leader-elect=false'], 'caches synced');

    const sent = new Map<string, number>();
    const latency = new LatencyRecorder();
    let lastBound = 0;
    const list = await client.list({ version: 'v1', resource: 'pods', namespace: 'bench' });
    const watcher = new Watcher<PodObject>(client, { version: 'v1', resource: 'pods', namespace: 'bench' }, { resourceVersion: list.resourceVersion }, {
      onEvent: (_type, pod) => {
        const name = pod.metadata!.name!;
        const at = sent.get(name);
        if (at === undefined || !pod.spec?.nodeName) return;
        sent.delete(name);
        lastBound = nowMs();
        latency.record(lastBound - at);
      },
      onGone: () => log('  the watch was told 410; figures are partial'),
    });
    const cpuAll0 = Object.fromEntries(Object.entries(cluster.pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const cpu0 = cpuSeconds(scheduler.process.pid);
    const t0 = nowMs();
    await createPods(client, 'bench', 'default-scheduler', pods, concurrency, sent);
    await waitFor(() => latency.count === pods, { timeoutMs: 900_000, intervalMs: 200, what: `${pods} pods bound` }).catch((err) => {
      throw new Error(`${(err as Error).message} (${latency.count} bound; see ${scheduler.logFile})`);
    });
    const cpu = cpuSeconds(scheduler.process.pid) - cpu0;
    const seconds = (nowMs() - t0) / 1000;
    const cores = Object.fromEntries(Object.entries(cluster.pids).map(([name, pid]) => [name, (cpuSeconds(pid) - cpuAll0[name]!) / seconds]));
    watcher.stop();
    return { nodes, pods, createPerSec, boundPerSec: pods / ((lastBound - t0) / 1000), p50Ms: latency.percentile(50), p99Ms: latency.percentile(99), schedulerCpuUsPerPod: (cpu / pods) * 1e6, cores };
  } finally {
    await cluster.stop();
  }
}
