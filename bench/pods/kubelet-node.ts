// The measured node: a store and an apiserver, and one real kubelet process serving its own
// dockershim, registered and Ready before this resolves.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, isNotFound } from '@kubeling/client';
import { ManagedProcess, startApiServerOverStore, tsEntryArgs, waitFor, type ApiServerOverStore } from '@kubeling/testing';
import { profiling } from '../lib/hollow-cluster.js';
import { CLUSTER, CLUSTER_CIDR, NETWORK, NODE, POD_CIDR } from './config.js';
import { conditionTrue, type NodeObject } from './objects.js';

export interface KubeletNode {
  client: ApiClient;
  kubelet: ManagedProcess;
  /** The processes besides the bench, by name, for telling their CPU apart from the machine's. */
  pids: Record<string, number>;
  /** Stops the kubelet, the apiserver and the store and removes their data (not the containers). */
  stop(): Promise<void>;
}

function startKubelet(cluster: ApiServerOverStore, rootDir: string): ManagedProcess {
  const args = [
    ...profiling('kubelet'),
    ...tsEntryArgs('services/kubelet/src/main.ts'),
    ...['--kubeconfig', cluster.api.kubeconfig, '--hostname-override', NODE, '--root-dir', rootDir],
    ...['--pod-cidr', POD_CIDR, '--cluster-name', CLUSTER, '--docker-network', NETWORK, '--cluster-cidr', CLUSTER_CIDR],
    ...['--capacity-cpu', '4', '--capacity-memory', '8Gi'],
  ];
  return new ManagedProcess({ command: process.execPath, args, logFile: join(cluster.api.dataDir, 'kubelet.log') });
}

export async function startKubeletNode(): Promise<KubeletNode> {
  const cluster = await startApiServerOverStore();
  const rootDir = mkdtempSync(join(tmpdir(), 'kubeling-bench-pods-'));
  const kubelet = startKubelet(cluster, rootDir);
  const client = ApiClient.fromKubeconfig(cluster.api.kubeconfig);
  const stop = async () => {
    await kubelet.stop(15_000);
    client.close();
    await cluster.stop();
    rmSync(rootDir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (!kubelet.running) throw new Error(`the kubelet exited; see ${kubelet.spec.logFile}`);
        const node = await client.get<NodeObject>({ version: 'v1', resource: 'nodes', name: NODE }).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
        return conditionTrue(node, 'Ready');
      },
      { timeoutMs: 120_000, intervalMs: 500, what: `node ${NODE} Ready` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { client, kubelet, pids: { store: cluster.store.process.pid, apiserver: cluster.api.process.pid, kubelet: kubelet.pid }, stop };
}
