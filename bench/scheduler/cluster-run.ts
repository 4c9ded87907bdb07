// One measured run: a fresh store and apiserver, N hollow nodes in one process, the scheduler,
// then PODS pods created at once; a watch sees each one bound.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, Watcher, type KubeObject } from '@kubeling/client';
import { ManagedProcess, startApiServer, startStore, tsEntryArgs, waitFor } from '@kubeling/testing';
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

const POD = (name: string, schedulerName: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'bench' } },
  spec: { schedulerName, containers: [{ name: 'app', image: 'busybox', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
});

async function createAll(client: ApiClient, namespace: string, schedulerName: string, count: number, concurrency: number, sent?: Map<string, number>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const name = `pod-${next++}`;
      sent?.set(name, nowMs());
      await client.create({ version: 'v1', resource: 'pods', namespace }, POD(name, schedulerName));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** BENCH_CPU_PROF=scheduler (or apiserver, hollow) writes that process's V8 CPU profile to BENCH_CPU_PROF_DIR when it exits. */
function profiling(entry: string): string[] {
  const which = process.env.BENCH_CPU_PROF;
  return which && entry.includes(which) ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? '/tmp/kubeling-cpu-prof'}`] : [];
}

function componentProcess(entry: string, args: string[], logFile: string): ManagedProcess {
  return new ManagedProcess({ command: process.execPath, args: ['--max-semi-space-size=32', ...profiling(entry), ...tsEntryArgs(entry), ...args], logFile });
}

/** Waits for a JSON log line with this msg, failing early when the process dies. */
async function logged(p: ManagedProcess, logFile: string, msg: string, timeoutMs: number): Promise<void> {
  await waitFor(
    () => {
      if (!p.running) throw new Error(`${logFile}: the process exited`);
      return readFileSync(logFile, 'utf8').includes(`"msg":"${msg}"`);
    },
    { timeoutMs, intervalMs: 200, what: `"${msg}" in ${logFile}` },
  );
}

export async function clusterRun(nodes: number, pods: number, concurrency: number, log: (line: string) => void): Promise<RunFigures> {
  const store = await startStore();
  const api = await startApiServer({ etcdServers: [store.endpoint], nodeArgs: profiling('services/apiserver/src/main.ts') });
  const client = ApiClient.fromKubeconfig(api.kubeconfig);
  const processes: ManagedProcess[] = [];
  try {
    for (const ns of ['baseline', 'bench']) await client.create({ version: 'v1', resource: 'namespaces' }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // The baseline: the same creates for a scheduler nobody runs, so they stay pending and cost nothing later.
    let t0 = nowMs();
    await createAll(client, 'baseline', 'no-such-scheduler', pods, concurrency);
    const createPerSec = pods / ((nowMs() - t0) / 1000);

    const hollowLog = join(api.dataDir, 'hollow-node.log');
    // Heartbeats as kubemark's defaults would be too many writes for this 2-core machine at 5,000 nodes: leases every 10 s, status every minute.
    const hollow = componentProcess('services/kubelet/src/hollow/main.ts', ['--kubeconfig', api.kubeconfig, '--count', String(nodes), '--zones', '3', '--capacity-pods', '250', '--node-status-update-frequency', '1m'], hollowLog);
    processes.push(hollow);
    t0 = nowMs();
    await waitFor(async () => {
      if (!hollow.running) throw new Error(`hollow nodes exited; see ${hollowLog}`);
      return (await client.list({ version: 'v1', resource: 'nodes' })).items.length === nodes;
    }, { timeoutMs: 600_000, intervalMs: 1000, what: `${nodes} hollow nodes` });
    log(`  ${nodes} hollow nodes registered in ${((nowMs() - t0) / 1000).toFixed(1)} s`);

    const schedulerLog = join(api.dataDir, 'scheduler.log');
    const scheduler = componentProcess('services/scheduler/src/main.ts', ['--kubeconfig', api.kubeconfig, '--leader-elect=false'], schedulerLog);
    processes.push(scheduler);
    await logged(scheduler, schedulerLog, 'caches synced', 120_000);

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
    const pids: Record<string, number> = { store: store.process.pid, apiserver: api.process.pid, scheduler: scheduler.pid, hollow: hollow.pid, bench: process.pid };
    const cpuAll0 = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
    const cpu0 = cpuSeconds(scheduler.pid);
    t0 = nowMs();
    await createAll(client, 'bench', 'default-scheduler', pods, concurrency, sent);
    await waitFor(() => latency.count === pods, { timeoutMs: 900_000, intervalMs: 200, what: `${pods} pods bound` }).catch((err) => {
      throw new Error(`${(err as Error).message} (${latency.count} bound; see ${schedulerLog})`);
    });
    const cpu = cpuSeconds(scheduler.pid) - cpu0;
    const seconds = (nowMs() - t0) / 1000;
    const cores = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, (cpuSeconds(pid) - cpuAll0[name]!) / seconds]));
    watcher.stop();
    return { nodes, pods, createPerSec, boundPerSec: pods / ((lastBound - t0) / 1000), p50Ms: latency.percentile(50), p99Ms: latency.percentile(99), schedulerCpuUsPerPod: (cpu / pods) * 1e6, cores };
  } finally {
    for (const p of processes.reverse()) await p.stop(30_000);
    client.close();
    await api.stop();
    await store.stop();
    rmSync(api.dataDir, { recursive: true, force: true });
    rmSync(store.dataDir, { recursive: true, force: true });
  }
}
