// A measured cluster for the benchmarks: a fresh store and apiserver, N hollow nodes in one
// process, and the components asked for, each ready before this resolves.
import { rmSync } from 'node:fs';
import { ApiClient } from '@kubeling/client';
import { componentLog, startApiServer, startComponent, startStore, waitFor, waitForLog, type ApiServer, type Component, type ComponentName, type EtcdServer } from '@kubeling/testing';
import { nowMs } from './latency-recorder.js';

/** BENCH_CPU_PROF=scheduler (or apiserver, hollow, controller-manager) writes that process's V8 CPU profile to BENCH_CPU_PROF_DIR when it exits. */
export function profiling(entry: string): string[] {
  const which = process.env.BENCH_CPU_PROF;
  return which && entry.includes(which) ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR ?? '/tmp/kubeling-cpu-prof'}`] : [];
}

export interface HollowCluster {
  store: EtcdServer;
  api: ApiServer;
  client: ApiClient;
  hollow: Component;
  /** Every process by name (store, apiserver, hollow, and the components started), for CPU accounting. */
  pids: Record<string, number>;
  /** Starts a component with the admin kubeconfig and waits for its ready line. */
  start(name: Exclude<ComponentName, 'hollow-node'>, args: string[], readyMsg: string): Promise<Component>;
  stop(): Promise<void>;
}

export async function startHollowCluster(nodes: number, log: (line: string) => void): Promise<HollowCluster> {
  const store = await startStore();
  const api = await startApiServer({ etcdServers: [store.endpoint], nodeArgs: profiling('apiserver') });
  const client = ApiClient.fromKubeconfig(api.kubeconfig);
  const components: Component[] = [];
  const pids: Record<string, number> = { store: store.process.pid, apiserver: api.process.pid, bench: process.pid };
  const launch = (name: ComponentName, args: string[]) => {
    const c = startComponent(name, { kubeconfig: api.kubeconfig, logFile: componentLog(api.dataDir, name), args, nodeArgs: profiling(name) });
    components.push(c);
    pids[name === 'hollow-node' ? 'hollow' : name] = c.process.pid;
    return c;
  };
  const stop = async () => {
    for (const c of components.reverse()) await c.process.stop(30_000);
    client.close();
    await api.stop();
    await store.stop();
    rmSync(api.dataDir, { recursive: true, force: true });
    rmSync(store.dataDir, { recursive: true, force: true });
  };
  try {
    // Heartbeats as kubemark's defaults would be too many writes for this 2-core machine at 5,000 nodes: leases every 10 s, status every minute.
    const hollow = launch('hollow-node', ['--count', String(nodes), '--zones', '3', '--capacity-pods', '250', '--node-status-update-frequency', '1m']);
    const t0 = nowMs();
    await waitFor(async () => {
      if (!hollow.process.running) throw new Error(`hollow nodes exited; see ${hollow.logFile}`);
      return (await client.list({ version: 'v1', resource: 'nodes' })).items.length === nodes;
    }, { timeoutMs: 600_000, intervalMs: 1000, what: `${nodes} hollow nodes` });
    log(`  ${nodes} hollow nodes registered in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
    const start = async (name: Exclude<ComponentName, 'hollow-node'>, args: string[], readyMsg: string) => {
      const c = launch(name, args);
      await waitForLog(c, readyMsg, 120_000);
      return c;
    };
    return { store, api, client, hollow, pids, start, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
