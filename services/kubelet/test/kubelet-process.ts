// The real kubelet as a process for cross-process tests, with its in-process dockershim on a
// test's own Docker network and cluster label, and the removal of what it left in Docker.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess, tsEntryArgs } from '@kubeling/testing';

const run = promisify(execFile);

export interface KubeletProcessOptions {
  kubeconfig: string;
  nodeName: string;
  /** The node's --root-dir is `<rootDir>/<nodeName>`. */
  rootDir: string;
  /** The log goes to `<logDir>/kubelet-<nodeName>.log`. */
  logDir: string;
  clusterName: string;
  network: string;
  clusterCidr: string;
  /** Standalone podCIDR; without it the kubelet waits for the node's spec.podCIDR (node-ipam). */
  podCidr?: string;
  args?: string[];
}

export function startKubeletProcess(o: KubeletProcessOptions): ManagedProcess {
  const args = [
    ...tsEntryArgs('services/kubelet/src/main.ts'),
    ...['--kubeconfig', o.kubeconfig, '--hostname-override', o.nodeName, '--root-dir', join(o.rootDir, o.nodeName)],
    ...(o.podCidr ? ['--pod-cidr', o.podCidr] : []),
    ...['--cluster-name', o.clusterName, '--docker-network', o.network, '--cluster-cidr', o.clusterCidr],
    ...['--capacity-cpu', '4', '--capacity-memory', '8Gi', '--node-status-update-frequency', '2s', '--log-level', 'debug'],
    ...(o.args ?? []),
  ];
  return new ManagedProcess({ command: process.execPath, args, logFile: join(o.logDir, `kubelet-${o.nodeName}.log`) });
}

export async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim();
}

/** Removes the containers labelled with this cluster and its network; nothing else. */
export async function removeClusterFromDocker(clusterName: string, network: string): Promise<void> {
  const ids = await docker('ps', '-aq', '--filter', `label=io.kubeling.cluster=${clusterName}`).catch(() => '');
  if (ids) await docker('rm', '-f', ...ids.split('\n').filter(Boolean)).catch(() => undefined);
  await docker('network', 'rm', network).catch(() => undefined);
}
